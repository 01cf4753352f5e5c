/* cg-search-panel.c: search the cached places as you type (Ctrl+F)
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-place-labels.h"
#include "cg-search-panel.h"

#define RESULT_LIMIT 50

struct _CgSearchPanel
{
  GtkWidget       parent_instance;

  /* template children */
  GtkSearchEntry *entry;
  GtkRevealer    *results_revealer;
  GtkStack       *stack;
  GtkListBox     *list;
  GtkLabel       *empty_label;

  CgSearcher     *searcher;
  GCancellable   *cancellable;     /* of the search running, if any */
  char           *pending_query;   /* its query */
  GPtrArray      *hits;            /* of CgSearchHit: the rows' places */
  char           *query;           /* of the hits */
  gboolean        searching;
};

G_DEFINE_FINAL_TYPE (CgSearchPanel, cg_search_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SEARCHER,
  PROP_SEARCHING,
  N_PROPS
};

enum {
  PLACE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_searching (CgSearchPanel *self,
               gboolean       searching)
{
  if (self->searching == !!searching)
    return;

  self->searching = !!searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* @text with the first occurrence of the query's first word in bold (Pango markup) */
static char *
highlight (const char *text,
           const char *query)
{
  g_autofree char *before = NULL;
  g_autofree char *match = NULL;
  g_autofree char *after = NULL;
  gsize start, end;

  if (text == NULL)
    return g_strdup ("");
  if (!cg_search_find_match (text, query, &start, &end))
    return g_markup_escape_text (text, -1);

  before = g_markup_escape_text (text, start);
  match = g_markup_escape_text (text + start, end - start);
  after = g_markup_escape_text (text + end, -1);
  return g_strdup_printf ("%s<b>%s</b>%s", before, match, after);
}

static GtkWidget *
make_label (const char *markup,
            const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  return label;
}

static GtkWidget *
make_row (const CgSearchHit *hit,
          const char        *query)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *name = highlight (hit->name ? hit->name : _("Unnamed place"), query);
  g_autofree char *where = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *subtitle = NULL;
  const char *kind = cg_label_kind (hit->collection, hit->category);

  if (hit->match == CG_SEARCH_MATCH_LICENCE || hit->match == CG_SEARCH_MATCH_LICENCE_PREFIX)
    {
      g_autofree char *licence = highlight (hit->licence_no, query);

      /* Translators: a search result's line for a match in the licence number */
      detail = g_strdup_printf (_("Licence %s"), licence);
    }
  else
    detail = highlight (hit->address ? hit->address : "", query);

  where = g_markup_escape_text (hit->street_name ? hit->street_name : "", -1);
  /* Translators: a search result's second line: kind · street · address (or licence) */
  subtitle = g_strdup_printf (_("%s · %s · %s"), kind, where, detail);

  gtk_widget_add_css_class (box, "search-result");
  gtk_box_append (GTK_BOX (box), make_label (name, NULL));
  gtk_box_append (GTK_BOX (box), make_label (subtitle, "dim-label"));
  gtk_widget_add_css_class (gtk_widget_get_last_child (box), "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, hit->address);
  return row;
}

static void
clear_rows (CgSearchPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
show_results (CgSearchPanel *self,
              GPtrArray     *hits,
              const char    *query)
{
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  self->hits = g_ptr_array_ref (hits);
  g_free (self->query);
  self->query = g_strdup (query);

  clear_rows (self);
  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (hits, i), query));

  gtk_label_set_text (self->empty_label, _("No results"));
  gtk_stack_set_visible_child_name (self->stack, hits->len > 0 ? "results" : "empty");
  gtk_revealer_set_reveal_child (self->results_revealer, TRUE);
}

static void
on_search_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CgSearchPanel) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = cg_searcher_search_finish (CG_SEARCHER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* overtaken by the next keystroke, or the panel went away */

  g_clear_object (&self->cancellable);
  set_searching (self, FALSE);

  if (hits == NULL)
    {
      g_warning ("Search failed: %s", error->message);
      gtk_label_set_text (self->empty_label, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_revealer_set_reveal_child (self->results_revealer, TRUE);
      return;
    }

  show_results (self, hits, self->pending_query);
}

static void
start_search (CgSearchPanel *self,
              const char    *text)
{
  g_autofree char *query = g_strstrip (g_strdup (text));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (query[0] == '\0' || self->searcher == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      set_searching (self, FALSE);
      show_results (self, none, "");
      gtk_revealer_set_reveal_child (self->results_revealer, FALSE);
      return;
    }

  g_free (self->pending_query);
  self->pending_query = g_strdup (query);
  self->cancellable = g_cancellable_new ();
  set_searching (self, TRUE);
  cg_searcher_search_async (self->searcher, query, RESULT_LIMIT, self->cancellable,
                            on_search_done_cb, g_object_ref (self));
}

static void
activate_index (CgSearchPanel *self,
                int            index)
{
  const CgSearchHit *hit = index >= 0 ? cg_search_panel_get_result (self, index) : NULL;

  if (hit != NULL)
    g_signal_emit (self, signals[PLACE_ACTIVATED], 0, (guint) hit->collection, hit->rowid);
}

/* Template callbacks */

static void
on_entry_search_changed_cb (CgSearchPanel *self)
{
  start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
on_entry_activate_cb (CgSearchPanel *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  /* Enter in the entry: the selected result, else the first */
  activate_index (self, row != NULL ? gtk_list_box_row_get_index (row) : 0);
}

static void
on_list_row_activated_cb (CgSearchPanel *self,
                          GtkListBoxRow *row)
{
  activate_index (self, gtk_list_box_row_get_index (row));
}

static gboolean
on_list_keynav_failed_cb (CgSearchPanel    *self,
                          GtkDirectionType  direction)
{
  /* Up from the first result goes back to the entry */
  if (direction != GTK_DIR_UP)
    return FALSE;
  gtk_list_box_unselect_all (self->list);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return TRUE;
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         CgSearchPanel         *self)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  first = gtk_list_box_get_row_at_index (self->list, 0);
  if (first == NULL || !gtk_revealer_get_reveal_child (self->results_revealer))
    return FALSE;
  gtk_list_box_select_row (self->list, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static gboolean
on_list_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        CgSearchPanel         *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  /* as in the entry: the search bar closes */
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  g_signal_emit_by_name (self->entry, "stop-search");
  return TRUE;
}

/* GObject */

static void
cg_search_panel_dispose (GObject *object)
{
  CgSearchPanel *self = CG_SEARCH_PANEL (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_SEARCH_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cg_search_panel_parent_class)->dispose (object);
}

static void
cg_search_panel_finalize (GObject *object)
{
  CgSearchPanel *self = CG_SEARCH_PANEL (object);

  g_clear_object (&self->searcher);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->pending_query, g_free);

  G_OBJECT_CLASS (cg_search_panel_parent_class)->finalize (object);
}

static void
cg_search_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CgSearchPanel *self = CG_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SEARCHER:
      g_value_set_object (value, self->searcher);
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_search_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CgSearchPanel *self = CG_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_SEARCHER:
      cg_search_panel_set_searcher (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cg_search_panel_class_init (CgSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_search_panel_dispose;
  object_class->finalize = cg_search_panel_finalize;
  object_class->get_property = cg_search_panel_get_property;
  object_class->set_property = cg_search_panel_set_property;

  properties[PROP_SEARCHER] =
    g_param_spec_object ("searcher", NULL, NULL, CG_TYPE_SEARCHER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (guint collection, gint64 rowid): a result was activated */
  signals[PLACE_ACTIVATED] =
    g_signal_new ("place-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "search-panel");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CgSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, CgSearchPanel, results_revealer);
  gtk_widget_class_bind_template_child (widget_class, CgSearchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CgSearchPanel, list);
  gtk_widget_class_bind_template_child (widget_class, CgSearchPanel, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_keynav_failed_cb);
}

static void
cg_search_panel_init (CgSearchPanel *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), keys);

  self->hits = g_ptr_array_new ();
  self->query = g_strdup ("");
}

CgSearchPanel *
cg_search_panel_new (void)
{
  return g_object_new (CG_TYPE_SEARCH_PANEL, NULL);
}

void
cg_search_panel_set_searcher (CgSearchPanel *self,
                              CgSearcher    *searcher)
{
  g_return_if_fail (CG_IS_SEARCH_PANEL (self));
  g_return_if_fail (searcher == NULL || CG_IS_SEARCHER (searcher));

  if (!g_set_object (&self->searcher, searcher))
    return;

  /* the results came from the other cache */
  on_entry_search_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHER]);
}

CgSearcher *
cg_search_panel_get_searcher (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), NULL);

  return self->searcher;
}

GtkSearchEntry *
cg_search_panel_get_entry (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), NULL);

  return self->entry;
}

GtkListBox *
cg_search_panel_get_list (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), NULL);

  return self->list;
}

guint
cg_search_panel_get_n_results (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), 0);

  return self->hits->len;
}

const CgSearchHit *
cg_search_panel_get_result (CgSearchPanel *self,
                            guint          index)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), NULL);

  return index < self->hits->len ? g_ptr_array_index (self->hits, index) : NULL;
}

gboolean
cg_search_panel_get_searching (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), FALSE);

  return self->searching;
}

const char *
cg_search_panel_get_query (CgSearchPanel *self)
{
  g_return_val_if_fail (CG_IS_SEARCH_PANEL (self), NULL);

  return self->query;
}
