/* cg-sim-world.c: the deterministic synthetic district behind chengguan-citysim
 *
 * Copyright 2026 The Cg authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "cg-sim"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cg-sim-world.h"

#define DAY  (24 * 3600)
#define WEEK (7 * DAY)

/* ---- PRNG ------------------------------------------------------------------------- */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
cg_sim_rng_init (CgSimRng *rng,
                 guint64   seed,
                 guint64   stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
cg_sim_rng_next (CgSimRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

double
cg_sim_rng_double (CgSimRng *rng)
{
  return (cg_sim_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

guint32
cg_sim_rng_range (CgSimRng *rng,
                  guint32   n)
{
  if (n == 0)
    return 0;
  return (guint32) (((cg_sim_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* index into @weights by weight */
static guint
pick_weighted (CgSimRng     *rng,
               const guint  *weights,
               guint         n)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = cg_sim_rng_range (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

/* ---- vocabulary --------------------------------------------------------------------- */

static const char *risk_names[] = { "low", "medium", "high" };

enum { N_MERCHANT_CATEGORIES = 11 };
static const char *merchant_categories[N_MERCHANT_CATEGORIES] = {
  "catering", "retail", "convenience", "fruit_vegetable", "car_repair", "car_wash",
  "express_delivery", "beauty", "hotel", "entertainment", "other",
};
static const guint merchant_category_weights[N_MERCHANT_CATEGORIES] = {
  30, 20, 12, 8, 4, 3, 4, 8, 3, 3, 5,
};
/* shop kinds per category, NULL-terminated */
static const char *merchant_kinds[N_MERCHANT_CATEGORIES][12] = {
  { "兰州拉面馆", "生煎馆", "面馆", "小吃店", "饺子馆", "火锅店", "烧烤店", "奶茶店", "快餐店", "馄饨铺", "包子铺", NULL },
  { "服装店", "五金店", "鞋店", "眼镜店", "文具店", "手机店", "家纺店", "烟酒店", NULL },
  { "便利店", "超市", "杂货店", "烟杂店", NULL },
  { "水果店", "蔬菜店", "生鲜店", "果蔬店", NULL },
  { "汽修", "汽车维修部", "轮胎店", "汽配店", NULL },
  { "快捷洗车", "洗车行", "汽车美容", NULL },
  { "顺丰速运", "中通快递", "圆通速递", "韵达快递", "申通快递", "京东快递", "菜鸟驿站", NULL },
  { "美发店", "美甲店", "理发店", "美容院", NULL },
  { "快捷酒店", "宾馆", "旅馆", NULL },
  { "KTV", "棋牌室", "网吧", "足浴店", NULL },
  { "打印店", "干洗店", "药房", "花店", "彩票店", NULL },
};
static const char *name_prefixes[] = {
  "老王", "老李", "阿芳", "小张", "福记", "兴旺", "金牌", "鸿运", "佳佳", "好邻居", "阿婆",
  "东北", "重庆", "沙县", "小杨", "永和", "家乐", "百姓", "大众", "新新", "华联", "光明",
  "老陈", "阿强", "丽丽", "顺发", "万家", "惠民", "康乐", "美美",
};
static const char *roads[] = {
  "真北路", "曹杨路", "金沙江路", "中山北路", "长寿路", "武宁路", "光复西路", "梅川路",
  "铜川路", "大渡河路", "枣阳路", "兰溪路", "宜川路", "志丹路", "新村路", "交通路",
  "甘泉路", "石泉路", "岚皋路", "常德路", "西康路", "江宁路", "澳门路", "宁夏路",
  "云岭东路", "祁连山路", "真南路", "桃浦路", "武威路", "敦煌路", "白丽路", "丹巴路",
  "怒江北路", "中江路", "同普路", "泸定路", "绥德路", "凯旋北路", "管弄路", "北石路",
};

static const char *site_categories[] = { "housing", "public_building", "municipal_works", "demolition" };
static const guint site_category_weights[] = { 45, 25, 20, 10 };
static const char *site_kinds[] = { "地块住宅项目", "商务中心工程", "道路改建工程", "旧区改造拆除工程" };
static const char *site_stages[] = { "foundation", "structure", "finishing", "completed" };
static const guint site_stage_weights[] = { 25, 40, 25, 10 };

static const char *point_categories[] = { "camera", "checkpoint" };
static const char *point_scenarios[] = {
  "street_stall", "shop_overflow", "construction_waste", "garbage_sorting",
  "illegal_parking_bikes", "outdoor_advertising", "muck_truck",
};
static const char *point_scenario_names[] = {
  "无序设摊", "跨门经营", "建筑垃圾", "垃圾分类", "非机动车乱停放", "户外广告", "渣土车",
};
static const guint point_scenario_weights[] = { 30, 25, 10, 15, 10, 5, 5 };
static const char *point_statuses[] = { "active", "offline", "planned" };
static const guint point_status_weights[] = { 85, 10, 5 };

static const char *inspection_kinds[] = { "graded", "double_random", "special" };
static const guint inspection_kind_weights[] = { 85, 10, 5 };
static const char *inspection_results[] = { "pass", "rectify", "violation" };

typedef struct
{
  const char *cause;
  const char *type;
  guint       weight;
} CaseCause;

/* Jiading 2023 frequencies for the first four; the rest fill the type mix */
static const CaseCause case_causes[] = {
  { "street_stall",        "city_appearance", 28712 },
  { "garbage_sorting",     "environment",     17747 },
  { "shop_overflow",       "city_appearance", 10074 },
  { "construction_waste",  "municipal",       10052 },
  { "illegal_building",    "planning",         4000 },
  { "outdoor_advertising", "city_appearance",  3500 },
  { "greening_damage",     "greening",         2000 },
  { "sewage_discharge",    "water",            1500 },
  { "unlicensed_business", "commerce",         2500 },
  { "property_violation",  "property",         1500 },
  { "construction_noise",  "construction",     2500 },
};
static const char *case_stages[] = { "filing", "investigation", "notice", "decision", "execution", "closed" };

typedef struct
{
  const char *code;
  const char *name;
  const char *description;
  const char *complaint;   /* follows the address */
} Service;

static const Service services[] = {
  { "street_stall", "无序设摊", "占道无序设摊经营", "附近有人无序设摊，占用人行道，影响通行。" },
  { "shop_overflow", "跨门经营", "店铺跨门营业、占道堆物", "店铺跨门经营，货物堆放到人行道上。" },
  { "construction_noise", "施工噪音", "夜间施工噪音扰民", "工地夜间施工，噪音很大，影响休息。" },
  { "garbage", "垃圾乱堆", "垃圾乱堆放、垃圾分类不规范", "垃圾堆放没人清理，气味很大。" },
  { "construction_waste", "建筑垃圾", "建筑垃圾、渣土乱倒", "有人乱倒建筑垃圾。" },
  { "outdoor_advertising", "违规广告", "违规设置户外广告、店招", "违规张贴、设置广告牌。" },
  { "illegal_parking_bikes", "非机动车乱停", "共享单车、非机动车乱停放", "共享单车乱停放，堵住了通道。" },
  { "other", "其他市容问题", "其他城市管理问题", "存在市容环境问题，请城管处理。" },
};
static const guint service_weights[] = { 28, 18, 14, 14, 8, 6, 8, 4 };
static const char *complaint_sources[] = { "12345", "app", "patrol" };
static const guint complaint_source_weights[] = { 80, 12, 8 };

static const char *surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
  "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
};
static const char *given_names[] = {
  "伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
  "秀英", "建华", "志强", "海燕", "晓东", "卫东", "文杰", "丽华", "国平", "振华", "立新",
  "佳怡", "子豪", "浩然", "俊杰", "雪梅", "春生",
};

/* ---- objects ------------------------------------------------------------------------ */

typedef struct
{
  guint64 seq;            /* change sequence number of the latest change */
  gint64  updated_at;
  double  lon, lat;
  guint32 number;         /* the id's number */
  guint16 road, house;    /* address */
  guint16 name_a, name_b; /* prefix, kind */
  guint8  street;
  guint8  category;
  guint8  risk;           /* 0 low, 1 medium, 2 high */
  guint8  deleted;
  guint8  stage;          /* sites */
  guint8  has_camera;
  guint8  scenario;       /* points */
  guint8  status;
  guint8  road2;
  float   noise_db;       /* NAN = none */
  float   pm10;
} Place;

typedef struct
{
  guint64 seq;
  gint64  inspected_at;
  guint32 number;
  guint32 target;         /* index into merchants or sites */
  guint16 officer;
  guint8  target_site;
  guint8  kind;
  guint8  result;
} Inspection;

typedef struct
{
  guint64 seq;
  gint64  updated_at;
  gint64  filed_at;
  gint64  due_at;
  gint64  closed_at;      /* 0 = open */
  gint64  published_at;   /* 0 = none */
  gint64  discovered_at;  /* non-site */
  gint64  reviewed_at;
  gint64  executed_at;
  double  lon, lat;
  guint32 number;
  gint32  target;         /* merchant index or -1 */
  guint32 fine;
  guint16 officer;
  guint8  cause;
  guint8  stage;
  guint8  simple;
  guint8  exempt;
  guint8  non_site;
  guint8  street;
} Case;

typedef struct
{
  guint64 seq;
  gint64  updated_at;
  guint32 number;
  guint16 given;
  guint8  surname;
  guint8  street;
  guint8  leader;
  double  home_lon, home_lat;
} Officer;

typedef struct
{
  guint64 seq;
  gint64  requested_at;
  gint64  updated_at;
  gint64  responded_at;   /* 0 = none yet */
  gint64  closes_at;      /* planned close time */
  gint64  deadline_at;
  double  lon, lat;
  guint32 number;
  guint32 matter;
  guint16 repeat;
  guint16 road, house;
  guint8  service;
  guint8  street;
  guint8  closed;
  guint8  state;          /* 0 new, 1 answered, 2 closed; 0xff before the first settle */
  gint8   satisfaction;   /* -1 none, 0 unsatisfied, 1 basically, 2 satisfied */
  guint8  source;
} Complaint;

typedef struct
{
  double  home_lon, home_lat;
  guint8  street;
} Vehicle;

typedef struct
{
  guint64  seq;
  gint64   created_at;
  gint64   updated_at;
  guint32  number;
  guint8   status;        /* 0 sent, 1 accepted, 2 on_site, 3 resolved */
  char    *complaint_id;
  char   **officer_ids;
  char   **vehicle_ids;
  char    *note;
  double   lon, lat;      /* the complaint's place: the officers walk there */
} Dispatch;

/* A Traccar event */
typedef struct
{
  guint64  id;
  gint64   t;
  guint    device;
  guint8   kind;          /* EventKind */
  guint8   geofence;
} SimEvent;

typedef enum
{
  EVENT_DEVICE_OFFLINE,
  EVENT_DEVICE_ONLINE,
  EVENT_ALARM_SOS,
  EVENT_GEOFENCE_ENTER,
  EVENT_GEOFENCE_EXIT,
} EventKind;

static const char *event_types[] = { "deviceOffline", "deviceOnline", "alarm", "geofenceEnter", "geofenceExit" };

/* a device that went offline comes back after this long */
#define OFFLINE_SECONDS 600

static const char *dispatch_statuses[] = { "sent", "accepted", "on_site", "resolved" };
/* seconds after creation at which each status is reached */
static const gint64 dispatch_steps[] = { 0, 60, 600, 2400 };

static void write_dispatch (const Dispatch *d,
                            GString        *out);

static void
dispatch_free (Dispatch *d)
{
  g_free (d->complaint_id);
  g_strfreev (d->officer_ids);
  g_strfreev (d->vehicle_ids);
  g_free (d->note);
  g_free (d);
}

/* Change order of one collection: entries in seq order; an entry is stale when its
 * object has changed since (object seq != entry seq). */
typedef struct
{
  guint64 seq;
  gint64  updated_at;
  guint32 index;
} LogEntry;

struct _CgSimWorld
{
  CgSimConfig  config;       /* copy, strings not kept */
  CgDistrict  *district;
  char        *district_short;  /* "普陀" */
  guint64      seed;
  gint64       now;
  CgSimRng     rng;           /* the world's evolution */
  guint64      seq;           /* last change sequence number, all collections */
  double       pending_changes;
  double       pending_complaints;

  GArray      *merchants;     /* Place */
  GArray      *sites;         /* Place */
  GArray      *points;        /* Place */
  GArray      *inspections;   /* Inspection */
  GArray      *cases;         /* Case */
  GArray      *officers;      /* Officer */
  GArray      *vehicles;      /* Vehicle */
  GArray      *complaints;    /* Complaint */
  GArray      *open_complaints; /* guint32 indices */
  guint32      n_matters;
  GArray      *matter_counts; /* guint16, complaints per matter so far */
  GPtrArray   *dispatches;    /* Dispatch */
  GHashTable  *dispatch_keys; /* idempotency key (owned) -> Dispatch */
  guint        live[CG_SIM_N_COLLECTIONS];

  GArray      *logs[CG_SIM_N_COLLECTIONS];   /* LogEntry */

  /* officers of each street, for assignments */
  GArray     **street_officers;  /* guint16 */

  /* live: devices' offline state, events, dispatched officers */
  CgSimRng     event_rng;
  double       pending_events;
  GArray      *offline_until;    /* gint64 per device (index d - 1): -1 online, 0 for good, else until */
  GArray      *events;           /* SimEvent */
  GPtrArray   *unit_dispatch;    /* per device (index d - 1): the latest Dispatch (unowned) or NULL */
};

static void
log_change (CgSimWorld      *world,
            CgSimCollection  collection,
            guint64         *obj_seq,
            gint64           updated_at,
            guint32          index)
{
  LogEntry e;

  e.seq = ++world->seq;
  e.updated_at = updated_at;
  e.index = index;
  *obj_seq = e.seq;
  g_array_append_val (world->logs[collection], e);
}

static guint64
object_seq (CgSimWorld      *world,
            CgSimCollection  collection,
            guint32          index)
{
  switch (collection)
    {
    case CG_SIM_MERCHANTS:
      return g_array_index (world->merchants, Place, index).seq;
    case CG_SIM_SITES:
      return g_array_index (world->sites, Place, index).seq;
    case CG_SIM_POINTS:
      return g_array_index (world->points, Place, index).seq;
    case CG_SIM_INSPECTIONS:
      return g_array_index (world->inspections, Inspection, index).seq;
    case CG_SIM_CASES:
      return g_array_index (world->cases, Case, index).seq;
    case CG_SIM_OFFICERS:
      return g_array_index (world->officers, Officer, index).seq;
    case CG_SIM_COMPLAINTS:
      return g_array_index (world->complaints, Complaint, index).seq;
    case CG_SIM_DISPATCHES:
      return ((Dispatch *) g_ptr_array_index (world->dispatches, index))->seq;
    case CG_SIM_N_COLLECTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* ---- places ------------------------------------------------------------------------- */

static void
random_point (CgSimWorld *world,
              CgSimRng   *rng,
              double     *lon,
              double     *lat,
              guint8     *street)
{
  double x0, y0, x1, y1;

  cg_district_get_bounds (world->district, &x0, &y0, &x1, &y1);
  for (guint tries = 0; tries < 10000; tries++)
    {
      double x = x0 + (x1 - x0) * cg_sim_rng_double (rng);
      double y = y0 + (y1 - y0) * cg_sim_rng_double (rng);
      const CgStreet *s = cg_district_street_at (world->district, x, y);

      if (s != NULL)
        {
          *lon = x;
          *lat = y;
          *street = (guint8) cg_district_street_index (world->district, s->code);
          return;
        }
    }
  *lon = cg_district_get_center (world->district).lon;
  *lat = cg_district_get_center (world->district).lat;
  *street = 0;
}

/* A point near @lon,@lat (within ~@meters) that stays in the district */
static void
jitter_point (CgSimWorld *world,
              CgSimRng   *rng,
              double      meters,
              double     *lon,
              double     *lat,
              guint8     *street)
{
  for (guint tries = 0; tries < 20; tries++)
    {
      double x = *lon + (cg_sim_rng_double (rng) - 0.5) * 2 * meters / 95000.0;
      double y = *lat + (cg_sim_rng_double (rng) - 0.5) * 2 * meters / 111000.0;
      const CgStreet *s = cg_district_street_at (world->district, x, y);

      if (s != NULL)
        {
          *lon = x;
          *lat = y;
          *street = (guint8) cg_district_street_index (world->district, s->code);
          return;
        }
    }
}

static guint8
pick_risk (CgSimRng *rng,
           double    p_low,
           double    p_medium)
{
  double r = cg_sim_rng_double (rng);

  return r < p_low ? 0 : r < p_low + p_medium ? 1 : 2;
}

static guint
count_kinds (guint category)
{
  guint n = 0;

  while (merchant_kinds[category][n] != NULL)
    n++;
  return n;
}

static void
generate_places (CgSimWorld *world)
{
  CgSimRng rng;
  gint64 start = world->now - (gint64) world->config.history_days * DAY;

  cg_sim_rng_init (&rng, world->seed, 1);
  g_array_set_size (world->merchants, world->config.merchants);
  for (guint i = 0; i < world->config.merchants; i++)
    {
      Place *p = &g_array_index (world->merchants, Place, i);

      memset (p, 0, sizeof *p);
      p->number = i + 1;
      random_point (world, &rng, &p->lon, &p->lat, &p->street);
      p->category = pick_weighted (&rng, merchant_category_weights, N_MERCHANT_CATEGORIES);
      p->name_a = cg_sim_rng_range (&rng, G_N_ELEMENTS (name_prefixes));
      p->name_b = cg_sim_rng_range (&rng, count_kinds (p->category));
      p->road = cg_sim_rng_range (&rng, G_N_ELEMENTS (roads));
      p->house = 1 + cg_sim_rng_range (&rng, 1800);
      p->risk = pick_risk (&rng, 0.89, 0.08);
      p->noise_db = NAN;
      p->pm10 = NAN;
      p->updated_at = start + cg_sim_rng_range (&rng, world->config.history_days * DAY + 1);
      log_change (world, CG_SIM_MERCHANTS, &p->seq, p->updated_at, i);
    }

  cg_sim_rng_init (&rng, world->seed, 2);
  g_array_set_size (world->sites, world->config.sites);
  for (guint i = 0; i < world->config.sites; i++)
    {
      Place *p = &g_array_index (world->sites, Place, i);
      gboolean monitored;

      memset (p, 0, sizeof *p);
      p->number = i + 1;
      random_point (world, &rng, &p->lon, &p->lat, &p->street);
      p->category = pick_weighted (&rng, site_category_weights, G_N_ELEMENTS (site_category_weights));
      p->stage = pick_weighted (&rng, site_stage_weights, G_N_ELEMENTS (site_stage_weights));
      p->road = cg_sim_rng_range (&rng, G_N_ELEMENTS (roads));
      p->house = 1 + cg_sim_rng_range (&rng, 1800);
      p->name_a = cg_sim_rng_range (&rng, G_N_ELEMENTS (name_prefixes));
      p->risk = pick_risk (&rng, 0.523, 0.33);
      monitored = cg_sim_rng_double (&rng) < 0.6 && p->stage != 3;
      p->noise_db = monitored ? (float) (round ((52 + 28 * cg_sim_rng_double (&rng)) * 10) / 10) : NAN;
      p->pm10 = monitored ? (float) (round ((30 + 120 * cg_sim_rng_double (&rng)) * 10) / 10) : NAN;
      p->has_camera = cg_sim_rng_double (&rng) < 0.5;
      p->updated_at = start + cg_sim_rng_range (&rng, world->config.history_days * DAY + 1);
      log_change (world, CG_SIM_SITES, &p->seq, p->updated_at, i);
    }

  cg_sim_rng_init (&rng, world->seed, 3);
  g_array_set_size (world->points, world->config.points);
  for (guint i = 0; i < world->config.points; i++)
    {
      Place *p = &g_array_index (world->points, Place, i);

      memset (p, 0, sizeof *p);
      p->number = i + 1;
      random_point (world, &rng, &p->lon, &p->lat, &p->street);
      p->category = cg_sim_rng_double (&rng) < 0.8 ? 0 : 1;
      p->scenario = pick_weighted (&rng, point_scenario_weights, G_N_ELEMENTS (point_scenario_weights));
      p->status = pick_weighted (&rng, point_status_weights, G_N_ELEMENTS (point_status_weights));
      p->road = cg_sim_rng_range (&rng, G_N_ELEMENTS (roads));
      p->road2 = (p->road + 1 + cg_sim_rng_range (&rng, G_N_ELEMENTS (roads) - 1)) % G_N_ELEMENTS (roads);
      p->noise_db = NAN;
      p->pm10 = NAN;
      p->updated_at = start + cg_sim_rng_range (&rng, world->config.history_days * DAY + 1);
      log_change (world, CG_SIM_POINTS, &p->seq, p->updated_at, i);
    }
}

/* ---- officers and vehicles ---------------------------------------------------------- */

static void
generate_people (CgSimWorld *world)
{
  CgSimRng rng;
  guint n_streets = cg_district_get_n_streets (world->district);

  cg_sim_rng_init (&rng, world->seed, 4);
  world->street_officers = g_new0 (GArray *, MAX (n_streets, 1));
  for (guint s = 0; s < n_streets; s++)
    world->street_officers[s] = g_array_new (FALSE, FALSE, sizeof (guint16));

  g_array_set_size (world->officers, world->config.officers);
  for (guint i = 0; i < world->config.officers; i++)
    {
      Officer *o = &g_array_index (world->officers, Officer, i);
      const CgStreet *street;
      guint16 index = (guint16) i;

      memset (o, 0, sizeof *o);
      o->number = i + 1;
      o->street = n_streets > 0 ? i % n_streets : 0;
      o->leader = i < n_streets;
      o->surname = cg_sim_rng_range (&rng, G_N_ELEMENTS (surnames));
      o->given = cg_sim_rng_range (&rng, G_N_ELEMENTS (given_names));
      street = cg_district_get_street (world->district, o->street);
      o->home_lon = street->center.lon;
      o->home_lat = street->center.lat;
      {
        guint8 st = o->street;
        jitter_point (world, &rng, 600, &o->home_lon, &o->home_lat, &st);
      }
      o->updated_at = world->now - (gint64) world->config.history_days * DAY;
      log_change (world, CG_SIM_OFFICERS, &o->seq, o->updated_at, i);
      g_array_append_val (world->street_officers[o->street], index);
    }

  g_array_set_size (world->vehicles, world->config.vehicles);
  for (guint i = 0; i < world->config.vehicles; i++)
    {
      Vehicle *v = &g_array_index (world->vehicles, Vehicle, i);
      const CgStreet *street;

      v->street = n_streets > 0 ? i % n_streets : 0;
      street = cg_district_get_street (world->district, v->street);
      v->home_lon = street->center.lon;
      v->home_lat = street->center.lat;
      jitter_point (world, &rng, 800, &v->home_lon, &v->home_lat, &v->street);
    }
}

static guint16
pick_officer (CgSimWorld *world,
              CgSimRng   *rng,
              guint       street)
{
  GArray *list;

  if (world->officers->len == 0)
    return 0;
  list = world->street_officers[street];
  if (list->len == 0)
    return (guint16) cg_sim_rng_range (rng, world->officers->len);
  return g_array_index (list, guint16, cg_sim_rng_range (rng, list->len));
}

/* ---- inspections -------------------------------------------------------------------- */

static int
compare_inspections (gconstpointer a,
                     gconstpointer b)
{
  const Inspection *ia = a;
  const Inspection *ib = b;

  if (ia->inspected_at != ib->inspected_at)
    return ia->inspected_at < ib->inspected_at ? -1 : 1;
  return ia->number < ib->number ? -1 : ia->number > ib->number;
}

static void
inspect_target (CgSimWorld *world,
                CgSimRng   *rng,
                const Place *p,
                guint32      index,
                gboolean     site)
{
  gint64 start = world->now - (gint64) world->config.history_days * DAY;
  gint64 end = world->now;
  gint64 t;
  double interval;
  double jitter;

  switch (p->risk)
    {
    case 2:   /* twice a week, at least 3 days apart */
      interval = 3.5 * DAY;
      jitter = 0.4 * DAY;
      break;
    case 1:   /* once every two weeks */
      interval = 14.0 * DAY;
      jitter = 3.0 * DAY;
      break;
    default:  /* once every two months */
      interval = 60.0 * DAY;
      jitter = 12.0 * DAY;
      break;
    }

  /* about 4% are deliberately overdue: nobody came in the last window and more */
  if (cg_sim_rng_double (rng) < 0.04)
    end = world->now - (gint64) (interval * (1.2 + 0.6 * cg_sim_rng_double (rng)));

  t = start - (gint64) (interval * cg_sim_rng_double (rng) * 0.9);
  for (;;)
    {
      Inspection in;
      double r;

      /* the next one within the window, never earlier than 3 days for high risk */
      gint64 prev = t;

      t += (gint64) (interval - jitter * cg_sim_rng_double (rng) + (p->risk == 2 ? 0.2 * DAY : 0));
      /* office hours, 08:00-17:00 Shanghai time */
      t = (t + 8 * 3600) - (t + 8 * 3600) % DAY + cg_sim_rng_range (rng, 9 * 3600);
      while (t - prev < 3 * DAY && p->risk == 2)
        t += DAY;
      if (t > end)
        break;
      if (t < start)
        continue;
      in.seq = 0;
      in.inspected_at = t;
      in.number = 0;
      in.target = index;
      in.target_site = site;
      in.officer = pick_officer (world, rng, p->street);
      in.kind = pick_weighted (rng, inspection_kind_weights, G_N_ELEMENTS (inspection_kind_weights));
      r = cg_sim_rng_double (rng);
      in.result = r < 0.80 - 0.1 * p->risk ? 0 : r < 0.95 - 0.05 * p->risk ? 1 : 2;
      g_array_append_val (world->inspections, in);
    }
}

static void
generate_inspections (CgSimWorld *world)
{
  CgSimRng rng;

  cg_sim_rng_init (&rng, world->seed, 5);
  for (guint i = 0; i < world->merchants->len; i++)
    inspect_target (world, &rng, &g_array_index (world->merchants, Place, i), i, FALSE);
  for (guint i = 0; i < world->sites->len; i++)
    inspect_target (world, &rng, &g_array_index (world->sites, Place, i), i, TRUE);

  /* numbered in time order, then logged in time order */
  g_array_sort (world->inspections, compare_inspections);
  for (guint i = 0; i < world->inspections->len; i++)
    {
      Inspection *in = &g_array_index (world->inspections, Inspection, i);

      in->number = i + 1;
      log_change (world, CG_SIM_INSPECTIONS, &in->seq, in->inspected_at, i);
    }
}

/* ---- cases -------------------------------------------------------------------------- */

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  const Case *ca = a;
  const Case *cb = b;

  if (ca->updated_at != cb->updated_at)
    return ca->updated_at < cb->updated_at ? -1 : 1;
  return ca->number < cb->number ? -1 : ca->number > cb->number;
}

static void
generate_cases (CgSimWorld *world)
{
  CgSimRng rng;
  guint weights[G_N_ELEMENTS (case_causes)];
  double per_day = MAX (1.0, world->config.merchants * 0.004);
  gint64 start = world->now - (gint64) world->config.history_days * DAY;
  guint n = (guint) (per_day * world->config.history_days);

  cg_sim_rng_init (&rng, world->seed, 6);
  for (guint i = 0; i < G_N_ELEMENTS (case_causes); i++)
    weights[i] = case_causes[i].weight;

  g_array_set_size (world->cases, n);
  for (guint i = 0; i < n; i++)
    {
      Case *c = &g_array_index (world->cases, Case, i);
      double duration;
      double age;

      memset (c, 0, sizeof *c);
      c->number = i + 1;
      c->cause = pick_weighted (&rng, weights, G_N_ELEMENTS (weights));
      c->filed_at = start + cg_sim_rng_range (&rng, world->config.history_days * DAY);
      c->non_site = world->points->len > 0 && cg_sim_rng_double (&rng) < 0.10;
      c->simple = !c->non_site && cg_sim_rng_double (&rng) < 0.40;
      c->exempt = cg_sim_rng_double (&rng) < 0.06;
      c->target = -1;

      if (c->non_site)
        {
          const Place *pt = &g_array_index (world->points, Place,
                                            cg_sim_rng_range (&rng, world->points->len));
          double review = 0.1 + 1.2 * cg_sim_rng_double (&rng);
          double execute = 0.1 + 1.4 * cg_sim_rng_double (&rng);

          /* discovery -> review -> execution, under 3 days on average */
          if (cg_sim_rng_double (&rng) < 0.08)
            execute += 3;
          c->lon = pt->lon;
          c->lat = pt->lat;
          c->street = pt->street;
          jitter_point (world, &rng, 30, &c->lon, &c->lat, &c->street);
          c->discovered_at = c->filed_at;
          c->reviewed_at = c->discovered_at + (gint64) (review * DAY);
          c->executed_at = c->reviewed_at + (gint64) (execute * DAY);
          if (c->reviewed_at > world->now)
            c->reviewed_at = 0;
          if (c->executed_at > world->now || c->reviewed_at == 0)
            c->executed_at = 0;
        }
      else if (world->merchants->len > 0 && cg_sim_rng_double (&rng) < 0.6)
        {
          guint32 m = cg_sim_rng_range (&rng, world->merchants->len);
          const Place *p = &g_array_index (world->merchants, Place, m);

          c->target = (gint32) m;
          c->lon = p->lon;
          c->lat = p->lat;
          c->street = p->street;
        }
      else
        {
          random_point (world, &rng, &c->lon, &c->lat, &c->street);
        }
      c->officer = pick_officer (world, &rng, c->street);

      if (c->simple)
        {
          duration = cg_sim_rng_double (&rng) * 0.5;
          c->due_at = c->filed_at + 7 * DAY;
          c->fine = c->exempt ? 0 : 50 * (1 + cg_sim_rng_range (&rng, 4));
        }
      else
        {
          duration = 15 + 60 * cg_sim_rng_double (&rng);
          if (cg_sim_rng_double (&rng) < 0.03)
            duration = 95 + 40 * cg_sim_rng_double (&rng);   /* 超期 */
          c->due_at = c->filed_at + 90 * DAY;
          c->fine = c->exempt ? 0 : 500 * (1 + cg_sim_rng_range (&rng, 40));
        }

      age = (double) (world->now - c->filed_at) / DAY;
      if (age >= duration)
        {
          c->stage = 5;
          c->closed_at = c->filed_at + (gint64) (duration * DAY) + 600;
          c->updated_at = c->closed_at;
        }
      else
        {
          c->stage = MIN (4, (guint8) (5 * age / duration));
          c->updated_at = c->filed_at + (gint64) (c->stage * duration / 5 * DAY);
        }
      if (c->exempt && c->stage >= 3)
        c->fine = 0;
      if (c->stage >= 3)
        {
          c->published_at = c->filed_at + (gint64) (duration * 0.6 * DAY) + cg_sim_rng_range (&rng, 3 * DAY);
          if (c->published_at > world->now)
            c->published_at = 0;
        }
      if (c->updated_at > world->now)
        c->updated_at = world->now;
      if (c->published_at > c->updated_at)
        c->updated_at = c->published_at;
      if (c->executed_at > c->updated_at)
        c->updated_at = c->executed_at;
    }

  g_array_sort (world->cases, compare_cases);
  for (guint i = 0; i < world->cases->len; i++)
    {
      Case *c = &g_array_index (world->cases, Case, i);
      log_change (world, CG_SIM_CASES, &c->seq, c->updated_at, i);
    }
}

/* ---- complaints --------------------------------------------------------------------- */

/* relative weight of each hour of the day (Shanghai time): peaks in the morning,
 * the afternoon and the evening */
static const guint hour_weights[24] = {
  2, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 8, 6, 7, 9, 9, 8, 7, 7, 9, 10, 9, 6, 4,
};

static gint64
complaint_time (CgSimRng *rng,
                gint64    from,
                gint64    to)
{
  for (;;)
    {
      gint64 t = from + cg_sim_rng_range (rng, (guint32) MAX (1, to - from));
      guint hour = (guint) (((t + 8 * 3600) % DAY) / 3600);

      if (cg_sim_rng_range (rng, 10) < hour_weights[hour])
        return t;
    }
}

static void
new_complaint (CgSimWorld *world,
               CgSimRng   *rng,
               gint64      requested_at,
               Complaint  *c)
{
  memset (c, 0, sizeof *c);
  c->number = world->complaints->len + 1;
  c->requested_at = requested_at;
  c->service = pick_weighted (rng, service_weights, G_N_ELEMENTS (service_weights));
  c->source = pick_weighted (rng, complaint_source_weights, G_N_ELEMENTS (complaint_source_weights));
  c->satisfaction = -1;

  /* about 20% come back on a recent matter: same place, repeat count goes up */
  if (world->complaints->len > 0 && cg_sim_rng_double (rng) < 0.20)
    {
      guint window = MIN (world->complaints->len, 300);
      const Complaint *prev = &g_array_index (world->complaints, Complaint,
                                              world->complaints->len - 1 - cg_sim_rng_range (rng, window));
      guint16 *count = &g_array_index (world->matter_counts, guint16, prev->matter - 1);

      /* the repeat count is of the matter so far, this one included */
      if (*count < G_MAXUINT16)
        (*count)++;
      c->matter = prev->matter;
      c->repeat = *count;
      c->service = prev->service;
      c->lon = prev->lon;
      c->lat = prev->lat;
      c->street = prev->street;
      c->road = prev->road;
      c->house = prev->house;
      jitter_point (world, rng, 20, &c->lon, &c->lat, &c->street);
    }
  else
    {
      guint16 one = 1;

      c->matter = ++world->n_matters;
      c->repeat = 1;
      g_array_append_val (world->matter_counts, one);
      if (world->merchants->len > 0 && cg_sim_rng_double (rng) < 0.5)
        {
          const Place *p = &g_array_index (world->merchants, Place,
                                           cg_sim_rng_range (rng, world->merchants->len));
          c->lon = p->lon;
          c->lat = p->lat;
          c->street = p->street;
          c->road = p->road;
          c->house = p->house;
          jitter_point (world, rng, 40, &c->lon, &c->lat, &c->street);
        }
      else
        {
          random_point (world, rng, &c->lon, &c->lat, &c->street);
          c->road = cg_sim_rng_range (rng, G_N_ELEMENTS (roads));
          c->house = 1 + cg_sim_rng_range (rng, 1800);
        }
    }

  c->deadline_at = requested_at + 5 * DAY;
  c->responded_at = requested_at + 1800 + cg_sim_rng_range (rng, DAY);
  c->closes_at = requested_at + 3 * 3600 + cg_sim_rng_range (rng, 4 * DAY);
  if (cg_sim_rng_double (rng) < 0.06)
    c->closes_at += 3 * DAY;   /* late */
  c->responded_at = MIN (c->responded_at, c->closes_at);
  /* the satisfaction is drawn now and revealed on closing */
  {
    double r = cg_sim_rng_double (rng);
    c->satisfaction = r < 0.75 ? 2 : r < 0.92 ? 1 : 0;
  }
}

/* Updates @c's state (new, answered, closed) for the world's now; returns whether it
 * changed. updated_at becomes the time of the latest state change. */
static gboolean
settle_complaint (Complaint *c,
                  gint64     now)
{
  guint8 state = c->closes_at <= now ? 2 : c->responded_at <= now ? 1 : 0;

  if (state == c->state)
    return FALSE;
  c->state = state;
  c->closed = state == 2;
  c->updated_at = state == 2 ? c->closes_at : state == 1 ? c->responded_at : c->requested_at;
  return TRUE;
}

static int
compare_complaints (gconstpointer a,
                    gconstpointer b)
{
  const Complaint *ca = a;
  const Complaint *cb = b;

  if (ca->updated_at != cb->updated_at)
    return ca->updated_at < cb->updated_at ? -1 : 1;
  return ca->number < cb->number ? -1 : ca->number > cb->number;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
generate_complaints (CgSimWorld *world)
{
  CgSimRng rng;
  gint64 start = world->now - (gint64) world->config.history_days * DAY;
  guint n = world->config.complaints_per_hour * 24 * world->config.history_days;
  g_autofree gint64 *times = NULL;

  cg_sim_rng_init (&rng, world->seed, 7);
  times = g_new (gint64, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    times[i] = complaint_time (&rng, start, world->now);
  qsort (times, n, sizeof (gint64), compare_int64);

  for (guint i = 0; i < n; i++)
    {
      Complaint c;

      new_complaint (world, &rng, times[i], &c);
      c.state = 0xff;
      settle_complaint (&c, world->now);
      g_array_append_val (world->complaints, c);
    }

  /* logged in the order of their latest update */
  g_array_sort (world->complaints, compare_complaints);
  for (guint i = 0; i < world->complaints->len; i++)
    {
      Complaint *c = &g_array_index (world->complaints, Complaint, i);

      log_change (world, CG_SIM_COMPLAINTS, &c->seq, c->updated_at, i);
      if (!c->closed)
        {
          guint32 index = i;
          g_array_append_val (world->open_complaints, index);
        }
    }
}

/* ---- the world ---------------------------------------------------------------------- */

static guint n_devices (CgSimWorld *world);

/* Devices whose number is a multiple of 17 are offline for good (as before events existed);
 * the event stream has a random stream of its own so the rest of the world is unchanged. */
static void
init_live (CgSimWorld *world)
{
  guint n = n_devices (world);

  cg_sim_rng_init (&world->event_rng, world->seed, 101);
  world->offline_until = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  for (guint d = 1; d <= n; d++)
    {
      gint64 until = d % 17 == 0 ? 0 : -1;
      g_array_append_val (world->offline_until, until);
    }
  world->events = g_array_new (FALSE, FALSE, sizeof (SimEvent));
  world->unit_dispatch = g_ptr_array_new ();
  g_ptr_array_set_size (world->unit_dispatch, n);
}

static void
add_event (CgSimWorld *world,
           gint64      t,
           guint       device,
           EventKind   kind,
           guint       geofence)
{
  SimEvent e = { world->events->len + 1, t, device, kind, geofence };

  g_array_append_val (world->events, e);
}

/* Events of the seconds (from, now]: devices that come back, then new random ones */
static void
advance_events (CgSimWorld *world,
                gint64      from,
                guint       seconds)
{
  guint n = n_devices (world);
  guint n_new;

  for (guint d = 1; d <= n; d++)
    {
      gint64 *until = &g_array_index (world->offline_until, gint64, d - 1);

      if (*until > 0 && *until <= world->now)
        {
          add_event (world, *until, d, EVENT_DEVICE_ONLINE, 0);
          *until = -1;
        }
    }

  world->pending_events += world->config.events_per_hour * seconds / 3600.0;
  n_new = (guint) world->pending_events;
  world->pending_events -= n_new;
  for (guint i = 0; i < n_new && n > 0; i++)
    {
      guint device = 1 + cg_sim_rng_range (&world->event_rng, n);
      double r = cg_sim_rng_double (&world->event_rng);
      gint64 t = from + (seconds > 0 ? cg_sim_rng_range (&world->event_rng, seconds) : 0) + 1;
      gint64 *until = &g_array_index (world->offline_until, gint64, device - 1);
      guint geofence = 1 + cg_sim_rng_range (&world->event_rng, cg_district_get_n_streets (world->district));

      if (*until != -1)
        continue;                                   /* offline devices report nothing */
      t = MIN (t, world->now);
      if (r < 0.15)
        {
          add_event (world, t, device, EVENT_DEVICE_OFFLINE, 0);
          *until = t + OFFLINE_SECONDS;
        }
      else if (r < 0.30)
        add_event (world, t, device, EVENT_ALARM_SOS, 0);
      else if (r < 0.65)
        add_event (world, t, device, EVENT_GEOFENCE_ENTER, geofence);
      else
        add_event (world, t, device, EVENT_GEOFENCE_EXIT, geofence);
    }
}

CgSimWorld *
cg_sim_world_new (const CgSimConfig  *config,
                  GError            **error)
{
  g_autoptr(CgDistrict) district = NULL;
  CgSimWorld *world;
  const char *name;

  district = cg_district_load (config->district != NULL ? config->district : "310107", error);
  if (district == NULL)
    return NULL;
  if (cg_district_get_n_streets (district) == 0 || cg_district_get_n_streets (district) > 255)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("District %s has no usable street list"), cg_district_get_code (district));
      return NULL;
    }
  if (config->officers > G_MAXUINT16)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("At most %u officers are supported"), (guint) G_MAXUINT16);
      return NULL;
    }

  world = g_new0 (CgSimWorld, 1);
  world->config = *config;
  world->config.district = NULL;
  world->config.token = NULL;
  world->district = g_steal_pointer (&district);
  name = cg_district_get_name (world->district);
  /* "普陀区" -> "普陀", "浦东新区" -> "浦东" (two characters, 3 bytes each) */
  world->district_short = g_utf8_substring (name, 0, MIN (2, g_utf8_strlen (name, -1)));
  world->seed = config->seed;
  world->now = config->now != 0 ? config->now : g_get_real_time () / G_USEC_PER_SEC;
  cg_sim_rng_init (&world->rng, world->seed, 100);

  world->merchants = g_array_new (FALSE, TRUE, sizeof (Place));
  world->sites = g_array_new (FALSE, TRUE, sizeof (Place));
  world->points = g_array_new (FALSE, TRUE, sizeof (Place));
  world->inspections = g_array_new (FALSE, TRUE, sizeof (Inspection));
  world->cases = g_array_new (FALSE, TRUE, sizeof (Case));
  world->officers = g_array_new (FALSE, TRUE, sizeof (Officer));
  world->vehicles = g_array_new (FALSE, TRUE, sizeof (Vehicle));
  world->complaints = g_array_new (FALSE, TRUE, sizeof (Complaint));
  world->open_complaints = g_array_new (FALSE, FALSE, sizeof (guint32));
  world->matter_counts = g_array_new (FALSE, FALSE, sizeof (guint16));
  world->dispatches = g_ptr_array_new_with_free_func ((GDestroyNotify) dispatch_free);
  world->dispatch_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < CG_SIM_N_COLLECTIONS; i++)
    world->logs[i] = g_array_new (FALSE, FALSE, sizeof (LogEntry));

  generate_places (world);
  generate_people (world);
  init_live (world);
  generate_inspections (world);
  generate_cases (world);
  generate_complaints (world);

  world->live[CG_SIM_MERCHANTS] = world->merchants->len;
  world->live[CG_SIM_SITES] = world->sites->len;
  world->live[CG_SIM_POINTS] = world->points->len;
  world->live[CG_SIM_INSPECTIONS] = world->inspections->len;
  world->live[CG_SIM_CASES] = world->cases->len;
  world->live[CG_SIM_OFFICERS] = world->officers->len;
  world->live[CG_SIM_COMPLAINTS] = world->complaints->len;

  g_debug ("District %s: %u merchants, %u sites, %u points, %u inspections, %u cases, "
           "%u complaints, %u officers, %u vehicles",
           cg_district_get_code (world->district), world->merchants->len, world->sites->len,
           world->points->len, world->inspections->len, world->cases->len,
           world->complaints->len, world->officers->len, world->vehicles->len);
  return world;
}

void
cg_sim_world_free (CgSimWorld *world)
{
  if (world == NULL)
    return;

  for (guint s = 0; s < cg_district_get_n_streets (world->district); s++)
    g_array_unref (world->street_officers[s]);
  g_free (world->street_officers);
  for (guint i = 0; i < CG_SIM_N_COLLECTIONS; i++)
    g_array_unref (world->logs[i]);
  g_array_unref (world->merchants);
  g_array_unref (world->sites);
  g_array_unref (world->points);
  g_array_unref (world->inspections);
  g_array_unref (world->cases);
  g_array_unref (world->officers);
  g_array_unref (world->vehicles);
  g_array_unref (world->complaints);
  g_array_unref (world->open_complaints);
  g_array_unref (world->matter_counts);
  g_hash_table_unref (world->dispatch_keys);
  g_ptr_array_unref (world->dispatches);
  g_array_unref (world->offline_until);
  g_array_unref (world->events);
  g_ptr_array_unref (world->unit_dispatch);
  g_free (world->district_short);
  cg_district_unref (world->district);
  g_free (world);
}

CgDistrict *
cg_sim_world_get_district (CgSimWorld *world)
{
  return world->district;
}

gint64
cg_sim_world_get_now (CgSimWorld *world)
{
  return world->now;
}

guint
cg_sim_world_count (CgSimWorld      *world,
                    CgSimCollection  collection)
{
  return world->live[collection];
}

guint64
cg_sim_world_last_seq (CgSimWorld      *world,
                       CgSimCollection  collection)
{
  GArray *log = world->logs[collection];

  return log->len > 0 ? g_array_index (log, LogEntry, log->len - 1).seq : 0;
}

void
cg_sim_world_advance (CgSimWorld *world,
                      guint       seconds)
{
  gint64 from = world->now;
  guint n_changes;
  guint n_new;

  world->now += seconds;

  /* merchants: regrade, rename or close */
  world->pending_changes += world->config.changes_per_minute * seconds / 60.0;
  n_changes = (guint) world->pending_changes;
  world->pending_changes -= n_changes;
  for (guint i = 0; i < n_changes && world->live[CG_SIM_MERCHANTS] > 0; i++)
    {
      guint32 index = cg_sim_rng_range (&world->rng, world->merchants->len);
      Place *p = &g_array_index (world->merchants, Place, index);
      double r = cg_sim_rng_double (&world->rng);

      if (p->deleted)
        continue;
      if (r < 0.6)
        p->risk = (p->risk + 1 + cg_sim_rng_range (&world->rng, 2)) % 3;
      else if (r < 0.85)
        p->name_a = (p->name_a + 1 + cg_sim_rng_range (&world->rng, G_N_ELEMENTS (name_prefixes) - 1))
                    % G_N_ELEMENTS (name_prefixes);
      else
        {
          p->deleted = TRUE;
          world->live[CG_SIM_MERCHANTS]--;
        }
      p->updated_at = world->now;
      log_change (world, CG_SIM_MERCHANTS, &p->seq, p->updated_at, index);
    }

  /* open complaints get answered and closed */
  for (guint i = 0; i < world->open_complaints->len;)
    {
      guint32 index = g_array_index (world->open_complaints, guint32, i);
      Complaint *c = &g_array_index (world->complaints, Complaint, index);

      if (settle_complaint (c, world->now))
        {
          c->updated_at = world->now;
          log_change (world, CG_SIM_COMPLAINTS, &c->seq, c->updated_at, index);
        }
      if (c->closed)
        g_array_remove_index (world->open_complaints, i);
      else
        i++;
    }

  /* dispatched officers accept, arrive and resolve */
  for (guint i = 0; i < world->dispatches->len; i++)
    {
      Dispatch *d = g_ptr_array_index (world->dispatches, i);
      guint8 status = d->status;

      while (status < 3 && world->now - d->created_at >= dispatch_steps[status + 1])
        status++;
      if (status != d->status)
        {
          d->status = status;
          d->updated_at = world->now;
          log_change (world, CG_SIM_DISPATCHES, &d->seq, d->updated_at, i);
        }
    }

  /* new complaints */
  world->pending_complaints += world->config.complaints_per_hour * seconds / 3600.0;
  n_new = (guint) world->pending_complaints;
  world->pending_complaints -= n_new;
  for (guint i = 0; i < n_new; i++)
    {
      Complaint c;
      guint32 index = world->complaints->len;

      new_complaint (world, &world->rng, from + (seconds > 0 ? cg_sim_rng_range (&world->rng, seconds) : 0), &c);
      c.state = 0xff;
      settle_complaint (&c, world->now);
      c.updated_at = world->now;
      g_array_append_val (world->complaints, c);
      log_change (world, CG_SIM_COMPLAINTS,
                  &g_array_index (world->complaints, Complaint, index).seq, world->now, index);
      if (!c.closed)
        g_array_append_val (world->open_complaints, index);
      world->live[CG_SIM_COMPLAINTS]++;
    }

  advance_events (world, from, seconds);
}

/* ---- JSON writing ------------------------------------------------------------------- */

static void
civil_from_days (gint64  z,
                 int    *y,
                 int    *m,
                 int    *d)
{
  gint64 era, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  yoe = z - era * 146097;
  yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
  doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

void
cg_sim_format_time (gint64  t,
                    char   *buf)
{
  gint64 local = t + 8 * 3600;
  gint64 days = local >= 0 ? local / DAY : (local - DAY + 1) / DAY;
  gint64 secs = local - days * DAY;
  int y, m, d;

  civil_from_days (days, &y, &m, &d);
  g_snprintf (buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y, m, d,
              (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
}

static void
append_time (GString    *out,
             const char *key,
             gint64      t)
{
  char buf[32];

  g_string_append_c (out, '"');
  g_string_append (out, key);
  if (t == 0)
    {
      g_string_append (out, "\":null");
      return;
    }
  cg_sim_format_time (t, buf);
  g_string_append (out, "\":\"");
  g_string_append (out, buf);
  g_string_append_c (out, '"');
}

/* locale independent fixed point */
static void
append_fixed (GString *out,
              double   v,
              int      decimals)
{
  static const gint64 pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000 };
  gint64 scaled;
  char buf[40];

  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  if (v < 0)
    {
      g_string_append_c (out, '-');
      v = -v;
    }
  scaled = (gint64) llround (v * pow10[decimals]);
  if (decimals == 0)
    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, scaled);
  else
    g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                scaled / pow10[decimals], decimals, scaled % pow10[decimals]);
  g_string_append (out, buf);
}

static void
append_str (GString    *out,
            const char *key,
            const char *value)
{
  g_string_append_c (out, '"');
  g_string_append (out, key);
  if (value == NULL)
    {
      g_string_append (out, "\":null");
      return;
    }
  g_string_append (out, "\":\"");
  g_string_append (out, value);   /* our own vocabulary: nothing to escape */
  g_string_append_c (out, '"');
}

static void
append_uint (GString    *out,
             const char *key,
             guint64     value)
{
  g_string_append_printf (out, "\"%s\":%" G_GUINT64_FORMAT, key, value);
}

static void
append_bool (GString    *out,
             const char *key,
             gboolean    value)
{
  g_string_append_printf (out, "\"%s\":%s", key, value ? "true" : "false");
}

static void
append_number (GString    *out,
               const char *key,
               double      value,
               int         decimals)
{
  g_string_append_printf (out, "\"%s\":", key);
  append_fixed (out, value, decimals);
}

/* The 18-character unified social credit code: 9 (market entity) + kind + district code +
 * 9-character organisation code + check character (GB 32100-2015) */
static void
format_licence (CgSimWorld *world,
                char        kind,
                guint32     number,
                char       *buf)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  guint64 x = world->seed * 31 + number * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) + (guint64) kind;
  guint64 h = splitmix64 (&x);
  int sum = 0;

  buf[0] = '9';
  buf[1] = kind;
  memcpy (buf + 2, cg_district_get_code (world->district), 6);
  buf[8] = 'M';
  buf[9] = 'A';
  for (int i = 10; i < 17; i++)
    {
      buf[i] = alphabet[h % 31];
      h /= 31;
    }
  for (int i = 0; i < 17; i++)
    sum += (int) (strchr (alphabet, buf[i]) - alphabet) * weights[i];
  buf[17] = alphabet[(31 - sum % 31) % 31];
  buf[18] = '\0';
}

static const char *
street_code (CgSimWorld *world,
             guint       street)
{
  return cg_district_get_street (world->district, street)->code;
}

static const char *
street_name (CgSimWorld *world,
             guint       street)
{
  return cg_district_get_street (world->district, street)->name;
}

static void
append_feature_head (GString    *out,
                     const char *prefix,
                     const Place *p,
                     gboolean     bad_coords)
{
  g_string_append_printf (out, "{\"type\":\"Feature\",\"id\":\"%s-%06u\",", prefix, p->number);
  if (p->deleted)
    {
      g_string_append (out, "\"geometry\":null,\"properties\":{\"deleted\":true,");
      append_time (out, "updated_at", p->updated_at);
      g_string_append (out, "}}");
      return;
    }
  g_string_append (out, "\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
  append_fixed (out, bad_coords ? p->lon + 200.0 : p->lon, 7);
  g_string_append_c (out, ',');
  append_fixed (out, bad_coords ? p->lat + 100.0 : p->lat, 7);
  g_string_append (out, "]},\"properties\":{");
}

static void
append_place_common (CgSimWorld  *world,
                     GString     *out,
                     const Place *p,
                     const char  *name,
                     const char  *category,
                     const char  *risk,
                     const char  *licence,
                     gboolean     wrong_types)
{
  g_autofree char *address = NULL;

  address = g_strdup_printf ("%s%s%u号", cg_district_get_name (world->district),
                             roads[p->road], p->house);
  if (wrong_types)
    append_uint (out, "name", 12345);
  else
    append_str (out, "name", name);
  g_string_append_c (out, ',');
  append_str (out, "address", address);
  g_string_append_c (out, ',');
  append_str (out, "street_code", street_code (world, p->street));
  g_string_append_c (out, ',');
  append_str (out, "street_name", street_name (world, p->street));
  g_string_append_c (out, ',');
  append_str (out, "category", category);
  g_string_append_c (out, ',');
  if (wrong_types && risk != NULL)
    append_uint (out, "risk_level", 3);
  else
    append_str (out, "risk_level", risk);
  g_string_append_c (out, ',');
  append_str (out, "licence_no", licence);
  g_string_append_c (out, ',');
  if (wrong_types)
    append_uint (out, "updated_at", (guint64) p->updated_at);
  else
    append_time (out, "updated_at", p->updated_at);
}

static void
write_merchant (CgSimWorld  *world,
                const Place *p,
                gboolean     wrong_types,
                gboolean     bad_coords,
                GString     *out)
{
  char licence[20];
  g_autofree char *name = NULL;

  append_feature_head (out, "m", p, bad_coords);
  if (p->deleted)
    return;
  if (p->category == 6)   /* express delivery: brand + road */
    name = g_strdup_printf ("%s%s站", merchant_kinds[p->category][p->name_b], roads[p->road]);
  else
    name = g_strconcat (name_prefixes[p->name_a], merchant_kinds[p->category][p->name_b], NULL);
  format_licence (world, '2', p->number, licence);
  append_place_common (world, out, p, name, merchant_categories[p->category],
                       risk_names[p->risk], licence, wrong_types);
  g_string_append (out, "}}");
}

static void
write_site (CgSimWorld  *world,
            const Place *p,
            gboolean     wrong_types,
            gboolean     bad_coords,
            GString     *out)
{
  char licence[20];
  g_autofree char *name = NULL;

  append_feature_head (out, "s", p, bad_coords);
  if (p->deleted)
    return;
  if (p->category == 1)
    name = g_strconcat (name_prefixes[p->name_a], site_kinds[p->category], NULL);
  else
    name = g_strdup_printf ("%s%u号%s", roads[p->road], p->house, site_kinds[p->category]);
  format_licence (world, '1', 500000 + p->number, licence);
  append_place_common (world, out, p, name, site_categories[p->category],
                       risk_names[p->risk], licence, wrong_types);
  g_string_append_c (out, ',');
  append_str (out, "stage", site_stages[p->stage]);
  g_string_append_c (out, ',');
  append_number (out, "noise_db", p->noise_db, 1);
  g_string_append_c (out, ',');
  append_number (out, "pm10", p->pm10, 1);
  g_string_append_c (out, ',');
  if (wrong_types)
    append_str (out, "has_camera", "yes");
  else
    append_bool (out, "has_camera", p->has_camera);
  g_string_append (out, "}}");
}

static void
write_point (CgSimWorld  *world,
             const Place *p,
             gboolean     wrong_types,
             gboolean     bad_coords,
             GString     *out)
{
  g_autofree char *name = NULL;

  append_feature_head (out, "p", p, bad_coords);
  if (p->deleted)
    return;
  name = g_strdup_printf ("%s%s路口%s%s", roads[p->road], roads[p->road2],
                          point_scenario_names[p->scenario],
                          p->category == 0 ? "智能识别点" : "卡口");
  append_place_common (world, out, p, name, point_categories[p->category],
                       NULL, NULL, wrong_types);
  g_string_append_c (out, ',');
  append_str (out, "scenario", point_scenarios[p->scenario]);
  g_string_append_c (out, ',');
  append_str (out, "status", point_statuses[p->status]);
  g_string_append (out, "}}");
}

static void
write_inspection (CgSimWorld       *world,
                  const Inspection *in,
                  gboolean          wrong_types,
                  GString          *out)
{
  const Place *target = in->target_site
                        ? &g_array_index (world->sites, Place, in->target)
                        : &g_array_index (world->merchants, Place, in->target);
  char buf[32];

  g_string_append_printf (out, "{\"id\":\"i-%07u\",", in->number);
  append_str (out, "target_type", in->target_site ? "site" : "merchant");
  g_snprintf (buf, sizeof buf, "%s-%06u", in->target_site ? "s" : "m", target->number);
  g_string_append_c (out, ',');
  append_str (out, "target_id", buf);
  g_snprintf (buf, sizeof buf, "o-%04u", (guint) in->officer + 1);
  g_string_append_c (out, ',');
  append_str (out, "officer_id", world->officers->len > 0 ? buf : NULL);
  g_string_append_c (out, ',');
  if (wrong_types)
    append_uint (out, "inspected_at", (guint64) in->inspected_at);
  else
    append_time (out, "inspected_at", in->inspected_at);
  g_string_append_c (out, ',');
  append_str (out, "kind", inspection_kinds[in->kind]);
  g_string_append_c (out, ',');
  append_str (out, "result", inspection_results[in->result]);
  g_string_append_c (out, ',');
  append_str (out, "street_code", street_code (world, target->street));
  g_string_append_c (out, ',');
  append_time (out, "updated_at", in->inspected_at);
  g_string_append_c (out, '}');
}

static void
write_case (CgSimWorld *world,
            const Case *c,
            gboolean    wrong_types,
            gboolean    bad_coords,
            GString    *out)
{
  const CaseCause *cause = &case_causes[c->cause];
  char buf[96];
  char year[32];

  g_string_append_printf (out, "{\"id\":\"c-%07u\",", c->number);
  cg_sim_format_time (c->filed_at, year);
  year[4] = '\0';
  g_snprintf (buf, sizeof buf, "%s城管%s罚字〔%s〕第%06u号", world->district_short,
              c->simple ? "简" : "", year, c->number);
  append_str (out, "case_no", buf);
  g_string_append_c (out, ',');
  append_str (out, "type", cause->type);
  g_string_append_c (out, ',');
  append_str (out, "cause", cause->cause);
  g_string_append_c (out, ',');
  append_str (out, "procedure", c->simple ? "simple" : "general");
  g_string_append_c (out, ',');
  append_str (out, "stage", case_stages[c->stage]);
  g_string_append_c (out, ',');
  append_time (out, "filed_at", c->filed_at);
  g_string_append_c (out, ',');
  append_time (out, "due_at", c->due_at);
  g_string_append_c (out, ',');
  append_time (out, "closed_at", c->closed_at);
  g_string_append_c (out, ',');
  if (wrong_types)
    append_str (out, "fine", "two hundred");
  else
    append_uint (out, "fine", c->fine);
  g_string_append_c (out, ',');
  append_bool (out, "exempt", c->exempt);
  g_string_append_c (out, ',');
  append_bool (out, "non_site", c->non_site);
  g_string_append_c (out, ',');
  append_str (out, "street_code", street_code (world, c->street));
  g_string_append_c (out, ',');
  append_number (out, "lon", bad_coords ? c->lon + 200 : c->lon, 7);
  g_string_append_c (out, ',');
  append_number (out, "lat", bad_coords ? c->lat + 100 : c->lat, 7);
  g_string_append_c (out, ',');
  g_snprintf (buf, sizeof buf, "o-%04u", (guint) c->officer + 1);
  append_str (out, "officer_id", world->officers->len > 0 ? buf : NULL);
  g_string_append_c (out, ',');
  if (c->target >= 0)
    g_snprintf (buf, sizeof buf, "m-%06u",
                g_array_index (world->merchants, Place, c->target).number);
  append_str (out, "target_id", c->target >= 0 ? buf : NULL);
  g_string_append_c (out, ',');
  append_time (out, "published_at", c->published_at);
  g_string_append_c (out, ',');
  append_time (out, "discovered_at", c->discovered_at);
  g_string_append_c (out, ',');
  append_time (out, "reviewed_at", c->reviewed_at);
  g_string_append_c (out, ',');
  append_time (out, "executed_at", c->executed_at);
  g_string_append_c (out, ',');
  append_time (out, "updated_at", c->updated_at);
  g_string_append_c (out, '}');
}

static void
write_officer (CgSimWorld    *world,
               const Officer *o,
               gboolean       wrong_types,
               GString       *out)
{
  char buf[64];

  g_string_append_printf (out, "{\"id\":\"o-%04u\",", o->number);
  g_snprintf (buf, sizeof buf, "%s%s", surnames[o->surname], given_names[o->given]);
  append_str (out, "name", buf);
  g_string_append_c (out, ',');
  g_snprintf (buf, sizeof buf, "sq-%s", street_code (world, o->street));
  append_str (out, "squad_id", buf);
  g_string_append_c (out, ',');
  append_str (out, "squad_name", cg_district_get_street (world->district, o->street)->squad_name);
  g_string_append_c (out, ',');
  append_str (out, "street_code", street_code (world, o->street));
  g_string_append_c (out, ',');
  append_str (out, "role", o->leader ? "squad_leader" : "officer");
  g_string_append_c (out, ',');
  if (wrong_types)
    append_str (out, "traccar_device_id", "one");
  else
    append_uint (out, "traccar_device_id", o->number);
  g_string_append_c (out, ',');
  append_time (out, "updated_at", o->updated_at);
  g_string_append_c (out, '}');
}

/* index of the first log entry with seq > @since */
static guint
log_find (GArray  *log,
          guint64  since)
{
  guint lo = 0, hi = log->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (log, LogEntry, mid).seq <= since)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* every 10th record from the 4th is spoiled by wrong types, from the 8th by coordinates */
#define SPOIL_TYPES(flags, n) (((flags) & CG_SIM_SPOIL_WRONG_TYPES) && (n) % 10 == 3)
#define SPOIL_COORDS(flags, n) (((flags) & CG_SIM_SPOIL_BAD_COORDS) && (n) % 10 == 7)

gboolean
cg_sim_world_write_page (CgSimWorld      *world,
                         CgSimCollection  collection,
                         guint64          since,
                         guint            limit,
                         CgSimSpoil       spoil,
                         GString         *out)
{
  GArray *log = world->logs[collection];
  gboolean features = collection <= CG_SIM_POINTS;
  guint64 cursor = since;
  guint n = 0;
  guint i;

  g_return_val_if_fail (collection != CG_SIM_COMPLAINTS, FALSE);

  if (features)
    g_string_append (out, "{\"type\":\"FeatureCollection\",\"features\":[");
  else
    g_string_append (out, "{\"items\":[");

  for (i = log_find (log, since); i < log->len && n < limit; i++)
    {
      const LogEntry *e = &g_array_index (log, LogEntry, i);
      gboolean wrong = SPOIL_TYPES (spoil, n);
      gboolean coords = SPOIL_COORDS (spoil, n);

      if (object_seq (world, collection, e->index) != e->seq)
        continue;   /* changed again later: it comes at its new place */
      if (n > 0)
        g_string_append_c (out, ',');
      switch (collection)
        {
        case CG_SIM_MERCHANTS:
          write_merchant (world, &g_array_index (world->merchants, Place, e->index), wrong, coords, out);
          break;
        case CG_SIM_SITES:
          write_site (world, &g_array_index (world->sites, Place, e->index), wrong, coords, out);
          break;
        case CG_SIM_POINTS:
          write_point (world, &g_array_index (world->points, Place, e->index), wrong, coords, out);
          break;
        case CG_SIM_INSPECTIONS:
          write_inspection (world, &g_array_index (world->inspections, Inspection, e->index), wrong, out);
          break;
        case CG_SIM_CASES:
          write_case (world, &g_array_index (world->cases, Case, e->index), wrong, coords, out);
          break;
        case CG_SIM_OFFICERS:
          write_officer (world, &g_array_index (world->officers, Officer, e->index), wrong, out);
          break;
        case CG_SIM_DISPATCHES:
          write_dispatch (g_ptr_array_index (world->dispatches, e->index), out);
          break;
        case CG_SIM_COMPLAINTS:
        case CG_SIM_N_COLLECTIONS:
        default:
          g_assert_not_reached ();
        }
      cursor = e->seq;
      n++;
    }

  /* skip stale entries so "more" is exact */
  while (i < log->len &&
         object_seq (world, collection, g_array_index (log, LogEntry, i).index) !=
         g_array_index (log, LogEntry, i).seq)
    i++;

  g_string_append_printf (out, "],\"cursor\":\"c-%012" G_GUINT64_FORMAT "\",\"more\":%s}",
                          cursor, i < log->len ? "true" : "false");
  return i < log->len;
}

/* ---- Open311 ------------------------------------------------------------------------ */

void
cg_sim_world_write_services (CgSimWorld *world,
                             GString    *out)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      append_str (out, "service_code", services[i].code);
      g_string_append_c (out, ',');
      append_str (out, "service_name", services[i].name);
      g_string_append_c (out, ',');
      append_str (out, "description", services[i].description);
      g_string_append (out, ",\"metadata\":false,\"type\":\"realtime\",");
      append_str (out, "keywords", services[i].code);
      g_string_append_c (out, ',');
      append_str (out, "group", "城市管理");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
write_complaint (CgSimWorld      *world,
                 const Complaint *c,
                 gboolean         wrong_types,
                 gboolean         bad_coords,
                 GString         *out)
{
  const Service *service = &services[c->service];
  g_autofree char *address = NULL;
  g_autofree char *description = NULL;
  static const char *satisfaction[] = { "unsatisfied", "basically_satisfied", "satisfied" };
  char buf[64];

  address = g_strdup_printf ("%s%s%u号", cg_district_get_name (world->district),
                             roads[c->road], c->house);
  description = g_strconcat (address, service->complaint, NULL);

  g_string_append_c (out, '{');
  g_snprintf (buf, sizeof buf, "%s%07u", cg_district_get_code (world->district), c->number);
  if (wrong_types)
    append_uint (out, "service_request_id", c->number);
  else
    append_str (out, "service_request_id", buf);
  g_string_append_c (out, ',');
  append_str (out, "status", c->closed ? "closed" : "open");
  g_string_append_c (out, ',');
  append_str (out, "status_notes", c->closed ? "已处置，已回复市民" :
                                   c->responded_at <= world->now ? "已联系市民，处置中" : NULL);
  g_string_append_c (out, ',');
  append_str (out, "service_name", service->name);
  g_string_append_c (out, ',');
  append_str (out, "service_code", service->code);
  g_string_append_c (out, ',');
  append_str (out, "description", description);
  g_string_append_c (out, ',');
  g_snprintf (buf, sizeof buf, "%s中队", street_name (world, c->street));
  append_str (out, "agency_responsible", buf);
  g_string_append (out, ",\"service_notice\":null,");
  append_time (out, "requested_datetime", c->requested_at);
  g_string_append_c (out, ',');
  append_time (out, "updated_datetime", c->updated_at);
  g_string_append_c (out, ',');
  append_time (out, "expected_datetime", c->deadline_at);
  g_string_append_c (out, ',');
  append_str (out, "address", address);
  g_string_append (out, ",\"address_id\":null,\"zipcode\":null,");
  if (wrong_types)
    append_str (out, "lat", "north");
  else
    append_number (out, "lat", bad_coords ? c->lat + 100 : c->lat, 7);
  g_string_append_c (out, ',');
  append_number (out, "long", bad_coords ? c->lon + 200 : c->lon, 7);
  g_string_append (out, ",\"media_url\":null,");
  append_str (out, "x_street_code", street_code (world, c->street));
  g_string_append_c (out, ',');
  g_snprintf (buf, sizeof buf, "mt-%07u", c->matter);
  append_str (out, "x_matter_id", buf);
  g_string_append_c (out, ',');
  append_uint (out, "x_repeat_count", c->repeat);
  g_string_append_c (out, ',');
  append_str (out, "x_satisfaction", c->closed ? satisfaction[c->satisfaction] : NULL);
  g_string_append_c (out, ',');
  append_time (out, "x_deadline", c->deadline_at);
  g_string_append_c (out, ',');
  append_time (out, "x_responded_datetime", c->responded_at <= world->now ? c->responded_at : 0);
  g_string_append_c (out, ',');
  append_str (out, "x_source", complaint_sources[c->source]);
  g_string_append_c (out, '}');
}

void
cg_sim_world_write_requests (CgSimWorld              *world,
                             const CgSimRequestQuery *query,
                             CgSimSpoil               spoil,
                             GString                 *out)
{
  GArray *log = world->logs[CG_SIM_COMPLAINTS];
  guint n = 0;

  g_string_append_c (out, '[');

  if (query->updated_after >= 0 || query->page_size > 0)
    {
      /* extension: in updated_datetime order, strictly after updated_after; a page never
       * splits a run of equal updated_datetime */
      guint limit = query->page_size > 0 ? query->page_size : 1000;
      gint64 last = G_MININT64;
      guint lo = 0, hi = log->len;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (g_array_index (log, LogEntry, mid).updated_at <= query->updated_after)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint i = lo; i < log->len; i++)
        {
          const LogEntry *e = &g_array_index (log, LogEntry, i);
          const Complaint *c = &g_array_index (world->complaints, Complaint, e->index);

          if (c->seq != e->seq)
            continue;
          if (n >= limit && c->updated_at != last)
            break;
          if ((query->status == 0 && c->closed) || (query->status == 1 && !c->closed) ||
              (query->start_date != 0 && c->requested_at < query->start_date) ||
              (query->end_date != 0 && c->requested_at > query->end_date))
            continue;
          if (n > 0)
            g_string_append_c (out, ',');
          write_complaint (world, c, SPOIL_TYPES (spoil, n), SPOIL_COORDS (spoil, n), out);
          last = c->updated_at;
          n++;
        }
    }
  else
    {
      /* standard: newest requested first, default window the last 90 days, 1000 at most */
      gint64 start = query->start_date != 0 ? query->start_date : world->now - 90 * (gint64) DAY;
      gint64 end = query->end_date != 0 ? query->end_date : G_MAXINT64;

      for (guint i = world->complaints->len; i > 0 && n < 1000; i--)
        {
          const Complaint *c = &g_array_index (world->complaints, Complaint, i - 1);

          if (c->requested_at < start || c->requested_at > end ||
              (query->status == 0 && c->closed) || (query->status == 1 && !c->closed))
            continue;
          if (n > 0)
            g_string_append_c (out, ',');
          write_complaint (world, c, SPOIL_TYPES (spoil, n), SPOIL_COORDS (spoil, n), out);
          n++;
        }
    }
  g_string_append_c (out, ']');
}

static const Complaint *
find_complaint (CgSimWorld *world,
                const char *id)
{
  const char *code = cg_district_get_code (world->district);
  guint64 number;
  char *end;

  if (id == NULL || !g_str_has_prefix (id, code))
    return NULL;
  number = g_ascii_strtoull (id + strlen (code), &end, 10);
  if (*end != '\0' || end == id + strlen (code) || number == 0)
    return NULL;
  /* complaints are stored in change order; find by number */
  for (guint i = 0; i < world->complaints->len; i++)
    {
      const Complaint *c = &g_array_index (world->complaints, Complaint, i);

      if (c->number == number)
        return c;
    }
  return NULL;
}

gboolean
cg_sim_world_write_request (CgSimWorld *world,
                            const char *id,
                            GString    *out)
{
  const Complaint *c = find_complaint (world, id);

  if (c == NULL)
    return FALSE;
  g_string_append_c (out, '[');
  write_complaint (world, c, FALSE, FALSE, out);
  g_string_append_c (out, ']');
  return TRUE;
}

/* ---- dispatch ----------------------------------------------------------------------- */

/* a JSON string from client input: escaped */
static void
append_escaped (GString    *out,
                const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
write_dispatch (const Dispatch *d,
                GString        *out)
{
  g_string_append_printf (out, "{\"id\":\"d-%06u\",\"complaint_id\":", d->number);
  append_escaped (out, d->complaint_id);
  g_string_append (out, ",\"officer_ids\":[");
  for (guint i = 0; d->officer_ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_escaped (out, d->officer_ids[i]);
    }
  g_string_append (out, "],\"vehicle_ids\":[");
  for (guint i = 0; d->vehicle_ids[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_escaped (out, d->vehicle_ids[i]);
    }
  g_string_append (out, "],\"note\":");
  if (d->note != NULL)
    append_escaped (out, d->note);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
  append_str (out, "status", dispatch_statuses[d->status]);
  g_string_append_c (out, ',');
  append_time (out, "created_at", d->created_at);
  g_string_append_c (out, ',');
  append_time (out, "updated_at", d->updated_at);
  g_string_append_c (out, '}');
}

/* "o-NNNN" (1..officers) or "v-NNNN" (1..vehicles): the number, or 0 */
static guint
unit_number (const char *id,
             const char *prefix,
             guint       max)
{
  guint64 number;
  char *end;

  if (!g_str_has_prefix (id, prefix) || !g_ascii_isdigit (id[2]))
    return 0;
  number = g_ascii_strtoull (id + 2, &end, 10);
  return *end == '\0' && number >= 1 && number <= max ? (guint) number : 0;
}

static gboolean
officer_exists (CgSimWorld *world,
                const char *id)
{
  return unit_number (id, "o-", world->officers->len) != 0;
}

gboolean
cg_sim_world_dispatch (CgSimWorld         *world,
                       const char         *key,
                       const char         *complaint_id,
                       const char * const *officer_ids,
                       const char * const *vehicle_ids,
                       const char         *note,
                       gboolean           *created,
                       GString            *out,
                       GError            **error)
{
  Dispatch *d = g_hash_table_lookup (world->dispatch_keys, key);
  const Complaint *complaint;

  if (d != NULL)
    {
      *created = FALSE;
      write_dispatch (d, out);
      return TRUE;
    }

  if ((complaint = find_complaint (world, complaint_id)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("No complaint “%s”"), complaint_id);
      return FALSE;
    }
  if ((officer_ids == NULL || officer_ids[0] == NULL) && (vehicle_ids == NULL || vehicle_ids[0] == NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A dispatch needs at least one officer"));
      return FALSE;
    }
  for (guint i = 0; vehicle_ids != NULL && vehicle_ids[i] != NULL; i++)
    if (unit_number (vehicle_ids[i], "v-", world->vehicles->len) == 0)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("No vehicle “%s”"), vehicle_ids[i]);
        return FALSE;
      }
  for (guint i = 0; officer_ids != NULL && officer_ids[i] != NULL; i++)
    if (!officer_exists (world, officer_ids[i]))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("No officer “%s”"), officer_ids[i]);
        return FALSE;
      }

  d = g_new0 (Dispatch, 1);
  d->number = world->dispatches->len + 1;
  d->complaint_id = g_strdup (complaint_id);
  d->officer_ids = officer_ids != NULL ? g_strdupv ((char **) officer_ids) : g_new0 (char *, 1);
  d->vehicle_ids = vehicle_ids != NULL ? g_strdupv ((char **) vehicle_ids) : g_new0 (char *, 1);
  d->note = g_strdup (note);
  d->lon = complaint->lon;
  d->lat = complaint->lat;
  d->created_at = d->updated_at = world->now;
  for (guint i = 0; d->officer_ids[i] != NULL; i++)
    g_ptr_array_index (world->unit_dispatch,
                       unit_number (d->officer_ids[i], "o-", world->officers->len) - 1) = d;
  for (guint i = 0; d->vehicle_ids[i] != NULL; i++)
    g_ptr_array_index (world->unit_dispatch, world->officers->len +
                       unit_number (d->vehicle_ids[i], "v-", world->vehicles->len) - 1) = d;
  g_ptr_array_add (world->dispatches, d);
  g_hash_table_insert (world->dispatch_keys, g_strdup (key), d);
  log_change (world, CG_SIM_DISPATCHES, &d->seq, d->updated_at, world->dispatches->len - 1);
  world->live[CG_SIM_DISPATCHES]++;

  *created = TRUE;
  write_dispatch (d, out);
  return TRUE;
}

/* ---- Traccar ------------------------------------------------------------------------ */

static guint
n_devices (CgSimWorld *world)
{
  return world->officers->len + world->vehicles->len;
}

/* device ids: officers 1..O (same number as the officer), vehicles O+1..O+V */
static void
device_home (CgSimWorld *world,
             guint       device,
             double     *lon,
             double     *lat,
             guint      *street,
             gboolean   *vehicle)
{
  if (device <= world->officers->len)
    {
      const Officer *o = &g_array_index (world->officers, Officer, device - 1);
      *lon = o->home_lon;
      *lat = o->home_lat;
      *street = o->street;
      *vehicle = FALSE;
    }
  else
    {
      const Vehicle *v = &g_array_index (world->vehicles, Vehicle, device - 1 - world->officers->len);
      *lon = v->home_lon;
      *lat = v->home_lat;
      *street = v->street;
      *vehicle = TRUE;
    }
}

/* Where device @device is at @t on its slow loop around its home point: officers walk,
 * vehicles drive. */
static void
loop_position (CgSimWorld *world,
               guint       device,
               gint64      t,
               double     *out_lon,
               double     *out_lat,
               double     *out_speed_ms,
               double     *out_course,
               gboolean   *out_vehicle)
{
  double lon, lat, radius, period, phase, angle, course;
  guint street;
  gboolean vehicle;

  device_home (world, device, &lon, &lat, &street, &vehicle);
  radius = vehicle ? 900.0 : 250.0;                 /* metres */
  period = vehicle ? 1800.0 : 3600.0;               /* seconds */
  phase = (device * 0.618033988749895) * 2 * G_PI;
  angle = phase + 2 * G_PI * (double) (t % (gint64) period) / period;
  *out_lon = lon + radius * cos (angle) / 95000.0;
  *out_lat = lat + radius * sin (angle) / 111000.0;
  *out_speed_ms = 2 * G_PI * radius / period;
  /* moving counter-clockwise: heading is the angle + 90°, as a compass bearing */
  course = fmod (90.0 - (angle * 180.0 / G_PI + 90.0), 360.0);
  if (course < 0)
    course += 360.0;
  *out_course = course;
  *out_vehicle = vehicle;
}

/* A dispatched officer (or vehicle): waits where he was until he accepts (1 min), goes
 * straight to the complaint until he is on site (10 min), stays until it is resolved (40 min),
 * then goes back to his loop. */
static gboolean
dispatch_position (CgSimWorld *world,
                   guint       device,
                   gint64      t,
                   double     *lon,
                   double     *lat,
                   double     *speed_ms,
                   double     *course)
{
  const Dispatch *d;
  double start_lon, start_lat, ignored_speed, ignored_course, f, dx, dy;
  gboolean vehicle;
  gint64 walk_from, walk_to;

  if (device == 0 || device > world->unit_dispatch->len)
    return FALSE;
  d = g_ptr_array_index (world->unit_dispatch, device - 1);
  if (d == NULL || t < d->created_at || t >= d->created_at + dispatch_steps[3] ||
      !isfinite (d->lon) || !isfinite (d->lat))
    return FALSE;

  loop_position (world, device, d->created_at, &start_lon, &start_lat, &ignored_speed,
                 &ignored_course, &vehicle);
  walk_from = d->created_at + dispatch_steps[1];
  walk_to = d->created_at + dispatch_steps[2];
  f = t <= walk_from ? 0.0 : t >= walk_to ? 1.0 : (double) (t - walk_from) / (walk_to - walk_from);
  *lon = start_lon + (d->lon - start_lon) * f;
  *lat = start_lat + (d->lat - start_lat) * f;
  dx = (d->lon - start_lon) * 95000.0;
  dy = (d->lat - start_lat) * 111000.0;
  *speed_ms = f > 0.0 && f < 1.0 ? sqrt (dx * dx + dy * dy) / (walk_to - walk_from) : 0.0;
  *course = fmod (atan2 (dx, dy) * 180.0 / G_PI + 360.0, 360.0);
  return TRUE;
}

static void
write_position (CgSimWorld *world,
                guint       device,
                gint64      t,
                guint64     id,
                GString    *out)
{
  double lon, lat, speed_ms, course;
  gboolean vehicle;

  loop_position (world, device, t, &lon, &lat, &speed_ms, &course, &vehicle);
  dispatch_position (world, device, t, &lon, &lat, &speed_ms, &course);

  g_string_append_printf (out, "{\"id\":%" G_GUINT64_FORMAT ",\"deviceId\":%u,\"protocol\":\"osmand\",",
                          id, device);
  append_time (out, "deviceTime", t);
  g_string_append_c (out, ',');
  append_time (out, "fixTime", t);
  g_string_append_c (out, ',');
  append_time (out, "serverTime", t + 1);
  g_string_append (out, ",\"outdated\":false,\"valid\":true,");
  append_number (out, "latitude", lat, 7);
  g_string_append_c (out, ',');
  append_number (out, "longitude", lon, 7);
  g_string_append (out, ",\"altitude\":4.0,");
  append_number (out, "speed", speed_ms / 0.514444, 2);   /* knots */
  g_string_append_c (out, ',');
  append_number (out, "course", course, 1);
  g_string_append (out, ",\"address\":null,\"accuracy\":");
  g_string_append (out, vehicle ? "5.0" : "8.0");
  g_string_append_printf (out, ",\"network\":null,\"attributes\":{\"batteryLevel\":%u,\"motion\":true}}",
                          60 + device % 40);
}

void
cg_sim_world_write_devices (CgSimWorld *world,
                            GString    *out)
{
  guint n = n_devices (world);

  g_string_append_c (out, '[');
  for (guint d = 1; d <= n; d++)
    {
      double lon, lat;
      guint street;
      gboolean vehicle;
      char buf[64];

      device_home (world, d, &lon, &lat, &street, &vehicle);
      if (d > 1)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"id\":%u,", d);
      if (vehicle)
        g_snprintf (buf, sizeof buf, "%s城管执法车%02u", world->district_short,
                    d - world->officers->len);
      else
        {
          const Officer *o = &g_array_index (world->officers, Officer, d - 1);
          g_snprintf (buf, sizeof buf, "%s%s", surnames[o->surname], given_names[o->given]);
        }
      append_str (out, "name", buf);
      g_string_append_c (out, ',');
      if (vehicle)
        g_snprintf (buf, sizeof buf, "cg-v-%04u", d - world->officers->len);
      else
        g_snprintf (buf, sizeof buf, "cg-o-%04u", d);
      append_str (out, "uniqueId", buf);
      g_string_append (out, ",\"status\":\"");
      g_string_append (out, g_array_index (world->offline_until, gint64, d - 1) == -1
                            ? "online" : "offline");
      g_string_append (out, "\",\"disabled\":false,");
      append_time (out, "lastUpdate", world->now);
      g_string_append_printf (out, ",\"positionId\":%u,\"groupId\":%u,\"phone\":null,\"model\":null,"
                              "\"contact\":null,\"category\":\"%s\",\"attributes\":{}}",
                              d, street + 1, vehicle ? "car" : "person");
    }
  g_string_append_c (out, ']');
}

void
cg_sim_world_write_groups (CgSimWorld *world,
                           GString    *out)
{
  g_string_append_c (out, '[');
  for (guint s = 0; s < cg_district_get_n_streets (world->district); s++)
    {
      if (s > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"id\":%u,", s + 1);
      append_str (out, "name", cg_district_get_street (world->district, s)->squad_name);
      g_string_append (out, ",\"groupId\":0,\"attributes\":{");
      append_str (out, "street_code", street_code (world, s));
      g_string_append (out, "}}");
    }
  g_string_append_c (out, ']');
}

void
cg_sim_world_write_positions (CgSimWorld *world,
                              guint       device_id,
                              GString    *out)
{
  guint n = n_devices (world);
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint d = 1; d <= n; d++)
    {
      if (device_id != 0 && d != device_id)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      write_position (world, d, world->now - d % 30, d, out);
    }
  g_string_append_c (out, ']');
}

void
cg_sim_world_write_route (CgSimWorld *world,
                          guint       device_id,
                          guint       group_id,
                          gint64      from,
                          gint64      to,
                          GString    *out)
{
  guint n = n_devices (world);
  guint count = 0;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint d = 1; d <= n; d++)
    {
      double lon, lat;
      guint street;
      gboolean vehicle;

      device_home (world, d, &lon, &lat, &street, &vehicle);
      if ((device_id != 0 && d != device_id) || (group_id != 0 && street + 1 != group_id))
        continue;
      for (gint64 t = from - from % 60 + 60; t <= MIN (to, world->now) && count < 10000; t += 60, count++)
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          write_position (world, d, t, (guint64) d * 10000000 + (guint64) (t / 60) % 10000000, out);
        }
    }
  g_string_append_c (out, ']');
}

guint64
cg_sim_world_write_events (CgSimWorld *world,
                           guint64     after_id,
                           GString    *out)
{
  guint64 last = after_id;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (guint i = (guint) MIN (after_id, world->events->len); i < world->events->len; i++)
    {
      const SimEvent *e = &g_array_index (world->events, SimEvent, i);

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_printf (out, "{\"id\":%" G_GUINT64_FORMAT ",\"attributes\":{", e->id);
      if (e->kind == EVENT_ALARM_SOS)
        append_str (out, "alarm", "sos");
      g_string_append_printf (out, "},\"deviceId\":%u,\"type\":\"%s\",", e->device, event_types[e->kind]);
      append_time (out, "eventTime", e->t);
      g_string_append_printf (out, ",\"positionId\":%u,\"geofenceId\":%u,\"maintenanceId\":0}",
                              e->device, (guint) e->geofence);
      last = e->id;
    }
  g_string_append_c (out, ']');
  return last;
}

guint64
cg_sim_world_last_event_id (CgSimWorld *world)
{
  return world->events->len;
}
