#!/usr/bin/env python3
# check-po.py: every translatable string of the sources is translated in po/<lang>.po
#
# Copyright 2026 The Cg authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po.py SRCDIR LANG XGETTEXT MSGMERGE MSGFMT MSGATTRIB -- XGETTEXT_ARGS...
#
# 1. po/POTFILES.in is sorted, has no duplicates and lists only existing files;
# 2. every source that marks strings for translation is listed: .c/.h files calling _(),
#    N_(), C_(), NC_() or a g_d*gettext function, .ui files with translatable="yes", and the
#    desktop, metainfo and GSettings schema sources in data/;
# 3. xgettext (with the pot target's arguments) over POTFILES.in gives a template that
#    msgmerge matches against po/LANG.po with no untranslated and no fuzzy message, and
#    msgfmt --check accepts the result (printf formats, plural forms, header).
# Offline and quick: the gettext tools only, on a temporary directory.

import os
import re
import subprocess
import sys
import tempfile

I18N_CALL = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|'
                       r'g_dpgettext|g_dpgettext2|ngettext|dngettext)\s*\(')
C_COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
C_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
DATA_SUFFIXES = ('.desktop.in.in', '.desktop.in', '.metainfo.xml.in.in', '.metainfo.xml.in',
                 '.gschema.xml')

failures = []


def fail(message):
    failures.append(message)
    print('FAIL: ' + message)


def run(argv, **kwargs):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kwargs)


def read_potfiles(srcdir):
    entries = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def translatable_sources(srcdir):
    """The files that must be listed in POTFILES.in, relative to srcdir."""
    found = []
    for top in ('src',):
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding='utf-8') as f:
                    code = C_STRING.sub('""', C_COMMENT.sub(' ', f.read()))
                if I18N_CALL.search(code):
                    found.append(os.path.relpath(path, srcdir))
    for root, dirs, files in os.walk(os.path.join(srcdir, 'resources')):
        dirs.sort()
        for name in sorted(files):
            if name.endswith('.ui'):
                path = os.path.join(root, name)
                with open(path, encoding='utf-8') as f:
                    if 'translatable="yes"' in f.read():
                        found.append(os.path.relpath(path, srcdir))
    data = os.path.join(srcdir, 'data')
    for name in sorted(os.listdir(data)):
        if name.endswith(DATA_SUFFIXES) and not (name.endswith('.in') and
                                                 os.path.exists(os.path.join(data, name + '.in'))):
            found.append(os.path.join('data', name))
    return found


def check_potfiles(srcdir):
    entries = read_potfiles(srcdir)
    if entries != sorted(entries):
        fail('po/POTFILES.in is not sorted')
    if len(entries) != len(set(entries)):
        fail('po/POTFILES.in lists a file twice')
    for entry in entries:
        if not os.path.isfile(os.path.join(srcdir, entry)):
            fail('po/POTFILES.in lists %s, which does not exist' % entry)
    listed = set(entries)
    needed = translatable_sources(srcdir)
    for path in needed:
        if path not in listed:
            fail('%s has translatable strings but is missing from po/POTFILES.in' % path)
    print('POTFILES.in: %d files listed, %d files with translatable strings'
          % (len(entries), len(needed)))


def check_translations(srcdir, lang, xgettext, msgmerge, msgfmt, msgattrib, xgettext_args):
    po = os.path.join(srcdir, 'po', lang + '.po')
    with open(os.path.join(srcdir, 'po', 'LINGUAS'), encoding='utf-8') as f:
        if lang not in f.read().split():
            fail('po/LINGUAS does not list %s' % lang)

    with tempfile.TemporaryDirectory(prefix='cg-check-po-') as tmp:
        pot = os.path.join(tmp, 'template.pot')
        merged = os.path.join(tmp, lang + '.po')
        r = run([xgettext, '--package-name=chengguan-command', '-f',
                 os.path.join(srcdir, 'po', 'POTFILES.in'), '-D', srcdir, '-k_', '-o', pot]
                + xgettext_args)
        if r.returncode != 0:
            fail('xgettext failed:\n' + r.stderr)
            return
        # xgettext warnings (a macro inside a msgid, a bad format) break translations
        for line in r.stderr.splitlines():
            if 'warning' in line:
                fail('xgettext: ' + line)

        r = run([msgmerge, '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot])
        if r.returncode != 0:
            fail('msgmerge failed:\n' + r.stderr)
            return

        for what, option in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
            r = run([msgattrib, option, '--no-obsolete', '--no-wrap', merged])
            msgids = [line[len('msgid '):] for line in r.stdout.splitlines()
                      if line.startswith('msgid ') and line != 'msgid ""']
            for msgid in msgids:
                fail('%s in po/%s.po: %s' % (what, lang, msgid))

        r = run([msgfmt, '--check', '--statistics', '-o', os.devnull, merged],
                env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
        print('msgfmt: ' + r.stderr.strip())
        if r.returncode != 0:
            fail('msgfmt --check failed:\n' + r.stderr)
        elif not re.fullmatch(r'\d+ translated messages?\.', r.stderr.strip()):
            fail('not every message is translated: ' + r.stderr.strip())

        r = run([msgattrib, '--only-obsolete', merged])
        n_obsolete = len([line for line in r.stdout.splitlines() if line.startswith('#~ msgid ')])
        if n_obsolete:
            print('note: po/%s.po has %d entries no source uses any more' % (lang, n_obsolete))


def main(argv):
    if '--' not in argv or argv.index('--') != 7:
        print(__doc__ or 'usage: check-po.py SRCDIR LANG XGETTEXT MSGMERGE MSGFMT MSGATTRIB -- ARGS')
        return 2
    srcdir, lang, xgettext, msgmerge, msgfmt, msgattrib = argv[1:7]
    xgettext_args = argv[8:]

    check_potfiles(srcdir)
    check_translations(srcdir, lang, xgettext, msgmerge, msgfmt, msgattrib, xgettext_args)

    if failures:
        print('%d problem(s)' % len(failures))
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
