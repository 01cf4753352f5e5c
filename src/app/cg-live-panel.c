/* cg-live-panel.c: the side panel of live operations
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-app"

#include "config.h"

#include <glib/gi18n.h>

#include "cg-live-panel.h"
#include "cg-store-complaints.h"

/* the queue: complaints of the last days, at most this many */
#define QUEUE_DAYS  3
#define QUEUE_LIMIT 300
/* complaints filed up to this long before the panel opened still count as new */
#define NEWS_SLACK_S 120

struct _CgLivePanel
{
  GtkWidget         parent_instance;

  /* template children */
  GtkStack         *stack;
  GtkSearchEntry   *units_search;
  GtkDropDown      *units_filter;
  GtkListView      *units_view;
  GtkListBox       *complaints_list;
  GtkListBox       *dispatch_list;

  CgRoster         *roster;
  CgLiveFeed       *feed;
  CgStore          *store;
  CgDispatchClient *client;
  GPtrArray        *complaints;      /* CgComplaint, queue order */
  GHashTable       *known_ids;       /* complaint ids seen, NULL before the first load */
  GHashTable       *complaint_rows;  /* complaint id -> its AdwActionRow (unowned) */
  gint64            started;         /* complaints requested before this are not news */
  guint             dispatch_idle;
  guint             n_dispatch_rows;
};

G_DEFINE_FINAL_TYPE (CgLivePanel, cg_live_panel, GTK_TYPE_WIDGET)

enum {
  FOLLOW_DEVICE,
  DISPATCH_COMPLAINT,
  NEW_COMPLAINT,
  QUEUE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_local (t);
  return dt ? g_date_time_format (dt, "%m-%d %H:%M") : g_strdup ("—");
}

/* ---- units ---------------------------------------------------------------------------- */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListStore *children = cg_roster_item_get_children (item);

  return children ? g_object_ref (G_LIST_MODEL (children)) : NULL;
}

static void
setup_unit_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
update_unit_row (GtkListItem *list_item)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  CgRosterItem *item;
  GtkWidget *box, *title, *subtitle;

  if (row == NULL)
    return;
  item = gtk_tree_list_row_get_item (row);
  box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  title = gtk_widget_get_first_child (box);
  subtitle = gtk_widget_get_next_sibling (title);
  gtk_label_set_text (GTK_LABEL (title), cg_roster_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), cg_roster_item_get_subtitle (item));
  if (cg_roster_item_is_squad (item))
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");
  gtk_widget_set_opacity (box, !cg_roster_item_is_squad (item) &&
                               cg_roster_item_get_state (item) == CG_UNIT_OFFLINE ? 0.55 : 1.0);
  g_object_unref (item);
}

static void
bind_unit_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  CgRosterItem *item = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), row);
  update_unit_row (list_item);
  /* the list item may go before its item: the connection goes with whichever goes first */
  g_signal_connect_object (item, "notify", G_CALLBACK (update_unit_row), list_item,
                           G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (list_item), "cg-roster-item", item, g_object_unref);
}

static void
unbind_unit_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  CgRosterItem *item = g_object_get_data (G_OBJECT (list_item), "cg-roster-item");

  if (item != NULL)
    g_signal_handlers_disconnect_by_data (item, list_item);
  g_object_set_data (G_OBJECT (list_item), "cg-roster-item", NULL);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

static void
on_units_activate_cb (CgLivePanel *self,
                      guint        position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->units_view));
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, position);
  g_autoptr(CgRosterItem) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (item == NULL)
    return;
  if (cg_roster_item_is_squad (item))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
  else
    g_signal_emit (self, signals[FOLLOW_DEVICE], 0, cg_roster_item_get_device_id (item));
}

static void
on_units_selection_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       CgLivePanel        *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  g_autoptr(CgRosterItem) item = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (item != NULL && !cg_roster_item_is_squad (item))
    g_signal_emit (self, signals[FOLLOW_DEVICE], 0, cg_roster_item_get_device_id (item));
}

static void
on_units_search_cb (CgLivePanel *self)
{
  cg_roster_set_search (self->roster, gtk_editable_get_text (GTK_EDITABLE (self->units_search)));
}

static void
on_units_filter_cb (CgLivePanel *self)
{
  cg_roster_set_filter (self->roster, gtk_drop_down_get_selected (self->units_filter));
}

/* ---- complaints ----------------------------------------------------------------------- */

static char *
describe_flags (const CgComplaint *complaint,
                gint64             now)
{
  GString *flags = g_string_new (NULL);

  if (complaint->deadline_at > 0 && complaint->deadline_at < now &&
      g_strcmp0 (complaint->status, "closed") != 0)
    g_string_append_printf (flags, "%s ", C_("complaint", "Overdue"));
  if (complaint->repeat_count >= CG_COMPLAINT_REPEAT_FLAG)
    /* Translators: a complaint made for the Nth time about the same matter */
    g_string_append_printf (flags, _("Repeat ×%d "), complaint->repeat_count);
  if (complaint->satisfaction == 0)
    g_string_append_printf (flags, "%s ", C_("complaint", "Unsatisfied"));
  if (flags->len > 0)
    g_string_truncate (flags, flags->len - 1);

  return g_string_free (flags, FALSE);
}

static void
on_dispatch_button_cb (GtkButton   *button,
                       CgLivePanel *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "complaint-id");
  const CgComplaint *complaint = cg_live_panel_lookup_complaint (self, id);

  if (complaint != NULL)
    g_signal_emit (self, signals[DISPATCH_COMPLAINT], 0, complaint);
}

static void
on_details_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CgLivePanel      *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "complaint-id");
  const CgComplaint *complaint = cg_live_panel_lookup_complaint (self, id);

  if (g_strcmp0 (response, "dispatch") == 0 && complaint != NULL)
    g_signal_emit (self, signals[DISPATCH_COMPLAINT], 0, complaint);
}

static void
show_details (CgLivePanel       *self,
              const CgComplaint *complaint)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *requested = format_time (complaint->requested_at);
  g_autofree char *deadline = format_time (complaint->deadline_at);
  g_autofree char *flags = describe_flags (complaint, g_get_real_time () / G_USEC_PER_SEC);
  GtkWidget *dialog;

  g_string_append_printf (body, "%s\n", complaint->description ? complaint->description : "");
  g_string_append_printf (body, _("Address: %s"), complaint->address ? complaint->address : "—");
  g_string_append_c (body, '\n');
  g_string_append_printf (body, _("Received %s · deadline %s"), requested, deadline);
  g_string_append_c (body, '\n');
  if (*flags != '\0')
    g_string_append_printf (body, "%s\n", flags);

  if (self->store != NULL)
    history = cg_store_load_matter_history (self->store, complaint->matter_id, &error);
  if (error != NULL)
    g_string_append_printf (body, "\n%s\n", error->message);
  if (history != NULL && history->len > 1)
    {
      g_string_append_printf (body, "\n%s\n", _("History of the matter:"));
      for (guint i = 0; i < history->len; i++)
        {
          const CgComplaint *h = history->pdata[i];
          g_autofree char *when = format_time (h->requested_at);

          g_string_append_printf (body, "%s  %s  %s\n", when, h->status ? h->status : "",
                                  h->status_notes ? h->status_notes : "");
        }
    }

  if (self->client != NULL)
    {
      g_autoptr(GPtrArray) dispatches = cg_dispatch_client_list (self->client);
      gboolean first = TRUE;

      for (guint i = 0; i < dispatches->len; i++)
        {
          const CgDispatch *d = dispatches->pdata[i];
          g_autofree char *line = NULL;

          if (g_strcmp0 (d->complaint_id, complaint->id) != 0)
            continue;
          if (first)
            g_string_append_printf (body, "\n%s\n", _("Dispatches:"));
          first = FALSE;
          line = cg_live_panel_describe_dispatch (self->feed, d);
          g_string_append_printf (body, "%s\n", line);
        }
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   complaint->service_name ? complaint->service_name : complaint->id,
                                   body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "dispatch", _("_Dispatch Units…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "dispatch",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "complaint-id", g_strdup (complaint->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_details_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_complaint_row_activated_cb (GtkListBox    *box,
                               GtkListBoxRow *row,
                               CgLivePanel   *self)
{
  const CgComplaint *complaint =
    cg_live_panel_lookup_complaint (self, g_object_get_data (G_OBJECT (row), "complaint-id"));

  if (complaint != NULL)
    show_details (self, complaint);
}

static GtkWidget *
make_complaint_row (CgLivePanel       *self,
                    const CgComplaint *complaint,
                    gint64             now)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *when = format_time (complaint->requested_at);
  g_autofree char *flags = describe_flags (complaint, now);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  title = g_markup_escape_text (complaint->service_name ? complaint->service_name : complaint->id, -1);
  if (*flags != '\0')
    subtitle = g_markup_printf_escaped ("%s · %s\n<b>%s</b>", when,
                                        complaint->address ? complaint->address : "", flags);
  else
    subtitle = g_markup_printf_escaped ("%s · %s", when,
                                        complaint->address ? complaint->address : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  g_object_set_data_full (G_OBJECT (row), "base-subtitle", g_steal_pointer (&subtitle), g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  if (cg_complaint_get_urgency (complaint, now) >= 2)
    gtk_widget_add_css_class (row, "error");
  else if (cg_complaint_get_urgency (complaint, now) < 0)
    gtk_widget_add_css_class (row, "dim-label");

  button = gtk_button_new_from_icon_name ("mark-location-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Dispatch the nearest units"));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "complaint-id", g_strdup (complaint->id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_dispatch_button_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "complaint-id", g_strdup (complaint->id), g_free);

  return row;
}

static void on_dispatch_changed_cb (CgLivePanel *self);

void
cg_live_panel_reload_complaints (CgLivePanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *child;
  gboolean first;

  g_return_if_fail (CG_IS_LIVE_PANEL (self));

  if (self->store == NULL)
    return;

  complaints = cg_store_load_complaints (self->store, now - QUEUE_DAYS * 86400, QUEUE_LIMIT,
                                         now, &error);
  if (complaints == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  first = self->known_ids == NULL;
  if (first)
    self->known_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  self->complaints = g_steal_pointer (&complaints);

  g_hash_table_remove_all (self->complaint_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->complaints_list))) != NULL)
    gtk_list_box_remove (self->complaints_list, child);
  for (guint i = 0; i < self->complaints->len; i++)
    {
      const CgComplaint *complaint = self->complaints->pdata[i];
      GtkWidget *row = make_complaint_row (self, complaint, now);

      gtk_list_box_append (self->complaints_list, row);
      g_hash_table_insert (self->complaint_rows, complaint->id, row);
    }
  on_dispatch_changed_cb (self);   /* the dispatches' statuses on the rows */

  g_signal_emit (self, signals[QUEUE_CHANGED], 0);

  /* newest last, so notifications come in the order the complaints came in */
  for (guint i = self->complaints->len; i > 0; i--)
    {
      const CgComplaint *complaint = self->complaints->pdata[i - 1];

      if (g_hash_table_contains (self->known_ids, complaint->id))
        continue;
      g_hash_table_add (self->known_ids, g_strdup (complaint->id));
      /* the first sync brings the past days: only what was filed lately is news */
      if (!first && complaint->requested_at >= self->started - NEWS_SLACK_S)
        g_signal_emit (self, signals[NEW_COMPLAINT], 0, complaint);
    }
}

const CgComplaint *
cg_live_panel_lookup_complaint (CgLivePanel *self,
                                const char  *id)
{
  g_return_val_if_fail (CG_IS_LIVE_PANEL (self), NULL);

  for (guint i = 0; self->complaints != NULL && id != NULL && i < self->complaints->len; i++)
    {
      const CgComplaint *complaint = self->complaints->pdata[i];

      if (g_strcmp0 (complaint->id, id) == 0)
        return complaint;
    }

  return NULL;
}

GPtrArray *
cg_live_panel_get_complaints (CgLivePanel *self)
{
  g_return_val_if_fail (CG_IS_LIVE_PANEL (self), NULL);

  if (self->complaints == NULL)
    self->complaints = g_ptr_array_new_with_free_func ((GDestroyNotify) cg_complaint_free);

  return self->complaints;
}

/* ---- dispatches ----------------------------------------------------------------------- */

/* "徐文杰, 普陀城管执法车05" from unit ids, with the feed's device names where known */
static char *
join_units (CgLiveFeed         *feed,
            const char * const *ids)
{
  g_autoptr(GPtrArray) devices = feed ? cg_live_feed_list_devices (feed) : NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      const char *name = ids[i];

      for (guint j = 0; devices != NULL && j < devices->len; j++)
        {
          const CgLiveDevice *d = devices->pdata[j];

          if (g_strcmp0 (cg_live_device_get_unit_id (d), ids[i]) == 0 && d->name && *d->name)
            {
              name = d->name;
              break;
            }
        }
      g_string_append_printf (out, "%s%s", i ? ", " : "", name);
    }

  return g_string_free (out, FALSE);
}

char *
cg_live_panel_describe_dispatch (CgLiveFeed       *feed,
                                 const CgDispatch *dispatch)
{
  g_autofree char *officers = join_units (feed, (const char * const *) dispatch->officer_ids);
  g_autofree char *vehicles = join_units (feed, (const char * const *) dispatch->vehicle_ids);
  g_autofree char *when = format_time (dispatch->updated_at ? dispatch->updated_at
                                                            : dispatch->created_at);
  const char *status = dispatch->status == CG_DISPATCH_STATUS_UNKNOWN && dispatch->status_name
                       ? dispatch->status_name : cg_dispatch_status_get_title (dispatch->status);

  /* Translators: a dispatch: its units, its status, the time of the last change */
  return g_strdup_printf (_("%s%s%s · %s · %s"), officers,
                          *officers && *vehicles ? ", " : "", vehicles, status, when);
}

static int
compare_dispatch_newest (gconstpointer a,
                         gconstpointer b)
{
  const CgDispatch *da = *(CgDispatch * const *) a;
  const CgDispatch *db = *(CgDispatch * const *) b;

  if (da->created_at != db->created_at)
    return da->created_at > db->created_at ? -1 : 1;
  return -g_strcmp0 (da->id, db->id);
}

static gboolean
rebuild_dispatches_cb (gpointer user_data)
{
  CgLivePanel *self = user_data;
  g_autoptr(GPtrArray) dispatches = NULL;
  GtkWidget *child;

  self->dispatch_idle = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->dispatch_list))) != NULL)
    gtk_list_box_remove (self->dispatch_list, child);
  self->n_dispatch_rows = 0;
  if (self->client == NULL)
    return G_SOURCE_REMOVE;

  dispatches = cg_dispatch_client_list (self->client);
  g_ptr_array_sort (dispatches, compare_dispatch_newest);
  for (guint i = dispatches->len; i > 0; i--)
    {
      /* oldest first, so the newest dispatch of a complaint is the one its row shows */
      const CgDispatch *d = dispatches->pdata[i - 1];
      GtkWidget *crow = g_hash_table_lookup (self->complaint_rows, d->complaint_id);

      if (crow != NULL)
        {
          g_autofree char *line = cg_live_panel_describe_dispatch (self->feed, d);
          g_autofree char *escaped = g_markup_escape_text (line, -1);
          /* Translators: the last line of a complaint in the queue: its dispatch */
          g_autofree char *text = g_strdup_printf (_("%s\nDispatch: %s"),
                                                   (char *) g_object_get_data (G_OBJECT (crow), "base-subtitle"),
                                                   escaped);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (crow), text);
        }
    }
  for (guint i = 0; i < dispatches->len; i++)
    {
      const CgDispatch *d = dispatches->pdata[i];
      const CgComplaint *complaint = cg_live_panel_lookup_complaint (self, d->complaint_id);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = cg_live_panel_describe_dispatch (self->feed, d);
      g_autofree char *title = NULL;

      if (complaint != NULL && complaint->service_name != NULL)
        title = g_markup_printf_escaped ("%s · %s", complaint->service_name, d->complaint_id);
      else
        title = g_markup_escape_text (d->complaint_id, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->dispatch_list, row);
      self->n_dispatch_rows++;
    }

  return G_SOURCE_REMOVE;
}

static void
on_dispatch_changed_cb (CgLivePanel *self)
{
  if (self->dispatch_idle == 0)
    self->dispatch_idle = g_idle_add (rebuild_dispatches_cb, self);
}

/* ---- GObject -------------------------------------------------------------------------- */

static void
cg_live_panel_dispose (GObject *object)
{
  CgLivePanel *self = CG_LIVE_PANEL (object);
  GtkWidget *child;

  cg_live_panel_set_dispatch_client (self, NULL);
  cg_live_panel_set_feed (self, NULL);
  g_clear_handle_id (&self->dispatch_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CG_TYPE_LIVE_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (cg_live_panel_parent_class)->dispose (object);
}

static void
cg_live_panel_finalize (GObject *object)
{
  CgLivePanel *self = CG_LIVE_PANEL (object);

  g_clear_object (&self->roster);
  g_clear_object (&self->store);
  g_clear_pointer (&self->complaints, g_ptr_array_unref);
  g_clear_pointer (&self->known_ids, g_hash_table_unref);
  g_clear_pointer (&self->complaint_rows, g_hash_table_unref);

  G_OBJECT_CLASS (cg_live_panel_parent_class)->finalize (object);
}

static void
cg_live_panel_class_init (CgLivePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cg_live_panel_dispose;
  object_class->finalize = cg_live_panel_finalize;

  signals[FOLLOW_DEVICE] =
    g_signal_new ("follow-device", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[DISPATCH_COMPLAINT] =
    g_signal_new ("dispatch-complaint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[QUEUE_CHANGED] =
    g_signal_new ("queue-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[NEW_COMPLAINT] =
    g_signal_new ("new-complaint", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/chengguan/Command/ui/cg-live-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, units_search);
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, units_filter);
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, units_view);
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, complaints_list);
  gtk_widget_class_bind_template_child (widget_class, CgLivePanel, dispatch_list);
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
cg_live_panel_init (CgLivePanel *self)
{
  GtkTreeListModel *tree;
  GtkSingleSelection *selection;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->started = g_get_real_time () / G_USEC_PER_SEC;
  self->complaint_rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->roster = cg_roster_new ();
  tree = gtk_tree_list_model_new (g_object_ref (cg_roster_get_model (self->roster)),
                                  FALSE, FALSE, create_children_cb, NULL, NULL);
  selection = gtk_single_selection_new (G_LIST_MODEL (tree));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_unit_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_unit_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_unit_cb), NULL);
  gtk_list_view_set_factory (self->units_view, factory);
  gtk_list_view_set_model (self->units_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_single_click_activate (self->units_view, FALSE);
  g_object_unref (factory);
  g_object_unref (selection);

  g_signal_connect_object (selection, "notify::selected",
                           G_CALLBACK (on_units_selection_cb), self, 0);
  g_signal_connect_object (self->units_view, "activate",
                           G_CALLBACK (on_units_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->units_search, "search-changed",
                           G_CALLBACK (on_units_search_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->units_filter, "notify::selected",
                           G_CALLBACK (on_units_filter_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_set_placeholder (self->complaints_list,
                                make_placeholder (_("No complaints in the last three days")));
  gtk_list_box_set_placeholder (self->dispatch_list,
                                make_placeholder (_("No dispatches yet. Send units from a "
                                                    "complaint or from a point on the map.")));
  g_signal_connect_object (self->complaints_list, "row-activated",
                           G_CALLBACK (on_complaint_row_activated_cb), self, 0);
}

CgLivePanel *
cg_live_panel_new (void)
{
  return g_object_new (CG_TYPE_LIVE_PANEL, NULL);
}

void
cg_live_panel_set_feed (CgLivePanel *self,
                        CgLiveFeed  *feed)
{
  g_return_if_fail (CG_IS_LIVE_PANEL (self));

  if (g_set_object (&self->feed, feed))
    cg_roster_set_feed (self->roster, feed);
}

void
cg_live_panel_set_store (CgLivePanel *self,
                         CgStore     *store)
{
  g_return_if_fail (CG_IS_LIVE_PANEL (self));

  if (g_set_object (&self->store, store))
    cg_live_panel_reload_complaints (self);
}

void
cg_live_panel_set_dispatch_client (CgLivePanel      *self,
                                   CgDispatchClient *client)
{
  g_return_if_fail (CG_IS_LIVE_PANEL (self));

  if (self->client == client)
    return;
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_swapped (client, "dispatch-changed",
                              G_CALLBACK (on_dispatch_changed_cb), self);
  on_dispatch_changed_cb (self);
}

CgRoster *
cg_live_panel_get_roster (CgLivePanel *self)
{
  g_return_val_if_fail (CG_IS_LIVE_PANEL (self), NULL);
  return self->roster;
}

guint
cg_live_panel_get_n_dispatch_rows (CgLivePanel *self)
{
  g_return_val_if_fail (CG_IS_LIVE_PANEL (self), 0);
  return self->n_dispatch_rows;
}

void
cg_live_panel_show_page (CgLivePanel *self,
                         const char  *name)
{
  g_return_if_fail (CG_IS_LIVE_PANEL (self));
  gtk_stack_set_visible_child_name (self->stack, name);
}

const char *
cg_live_panel_get_complaint_subtitle (CgLivePanel *self,
                                      const char  *id)
{
  GtkWidget *row;

  g_return_val_if_fail (CG_IS_LIVE_PANEL (self), NULL);

  row = g_hash_table_lookup (self->complaint_rows, id);
  return row ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;
}
