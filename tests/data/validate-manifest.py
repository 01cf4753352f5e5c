#!/usr/bin/env python3
# Validates the Flatpak manifest offline against flatpak-builder's JSON schema
# (../shared/flatpak-manifest.schema.json beside the checkout) and checks the
# facts we rely on: app id, command, runtime, and that libshumate is built.
import json
import os
import sys

import jsonschema

manifest_path, schema_path = sys.argv[1], sys.argv[2]
if not os.path.exists(schema_path):
    print("schema not found at %s: skipped" % schema_path)
    sys.exit(77)
with open(manifest_path, encoding="utf-8") as f:
    manifest = json.load(f)
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)

validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(manifest), key=lambda e: list(e.path))
for e in errors:
    print("schema error at /%s: %s" % ("/".join(map(str, e.path)), e.message))

problems = len(errors)


def check(cond, msg):
    global problems
    if not cond:
        print("check failed:", msg)
        problems += 1


check(manifest.get("id") == "org.chengguan.Command", "app id")
check(manifest.get("command") == "chengguan-command", "command")
check(manifest.get("runtime") == "org.gnome.Platform", "GNOME runtime")
names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
check("libshumate" in names, "libshumate is built (not in the GNOME runtime)")
check("protobuf-c" in names, "protobuf-c is built (libshumate's vector renderer)")
check(names[-1] == "chengguan-command", "the app is the last module")
args = manifest.get("finish-args", [])
check("--share=network" in args, "network access")
check(not any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in args),
      "no broad filesystem access")

print("%s: %d problem(s)" % (os.path.basename(manifest_path), problems))
sys.exit(1 if problems else 0)
