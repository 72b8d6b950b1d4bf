package com.bnaura.quota.jdbc;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.PlanChangeRequest;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.TopUpRequest;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.model.Operation;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.model.OveragePolicy;
import com.bnaura.quota.model.QuotaCatalog;
import com.bnaura.quota.model.Units;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A seeded generator of hostile calls into every public method of {@link QuotaService} that takes
 * caller data, each paired with the refusal it must meet. Every call it makes is one the engine
 * must refuse: a malformed id, a well-formed id nobody registered (SQL-looking, a case, width or
 * homoglyph twin of a real id), another clinic's reservation, a number or decimal string past its
 * edge, a bad zone or instant, an idempotency key sent again with other parameters. None is
 * legitimately accepted, so an acceptance is a defect.
 *
 * <p>What the calls depend on is set up by {@link #setUp(QuotaService)}; the same seed over the same
 * setup makes the same calls (the descriptions name reservations by role, not by their random id).
 */
final class HostileCalls {
  static final String NOW = "2026-03-10T03:00:00Z";
  /** The first period of every clinic set up: March 2026 in Asia/Bangkok. */
  static final Instant PERIOD_START = Instant.parse("2026-02-28T17:00:00Z");

  static final String A = "clinic-a";
  static final String B = "clinic-b";
  static final String THAI = "คลินิกสุขภาพ";
  static final String NFC = "Clinique-\u00e9t\u00e9";
  static final String NFD = "Clinique-e\u0301te\u0301";
  static final String SQL = "x'; DROP TABLE ai_usage_logs;--";
  /** Every registered clinic in NFC, so an unknown-clinic id is never one of them. */
  private static final Set<String> REGISTERED = Set.of(A, B, THAI, NFC, SQL);
  /** Registered clinics as callers may spell them. */
  private static final String[] CLINICS = {A, A, A, B, THAI, NFC, NFD, SQL};

  private static final Set<String> OPERATIONS = Set.of("QUICK_SCAN", "CLINICAL_ANALYSIS",
      "CHAT_ADVISOR", "quick", "detailed", "chat", "HEAVY_SCAN");

  /**
   * The default catalog plus {@code HEAVY_SCAN} at 1,001 units, so a quantity within the
   * per-request range can still take units past {@link Units#MAX}.
   */
  static QuotaCatalog catalog() {
    return QuotaCatalog.defaults().toBuilder()
        .operation(Operation.of(OperationId.of("HEAVY_SCAN"), Units.of(1001), false))
        .build();
  }
  private static final Set<String> PLANS = Set.of("starter", "professional", "enterprise");
  private static final Set<String> PACKS = Set.of("pack-100", "pack-500");
  /** The features of clinic A's plan, professional. */
  private static final Set<String> FEATURES = Set.of("advancedAnalysis", "proposalGeneration",
      "leadScoring");

  /** One hostile call and the refusal it must meet. */
  record Hostile(String category, String description, Function<Target, Object> call,
      RefusalCode code, String field, boolean factory) {}

  /**
   * The reservations the calls point at: A's pending, released and committed ones, and B's
   * pending one.
   */
  record Target(QuotaService quotas, String pending, String released, String committed,
      String ofB) {}

  /** A setup call that left an idempotency record: how to send its key again differently. */
  private record UsedKey(String clinic, String key, String kind, String operation, long quantity,
      String user, String customer, boolean accept) {}

  private static final List<UsedKey> USED_KEYS = List.of(
      new UsedKey(A, "setup-scan", "consume", "QUICK_SCAN", 1, "sales-1", "customer-1", false),
      new UsedKey(A, "setup-hold-a", "reserve", "CLINICAL_ANALYSIS", 1, null, null, false),
      new UsedKey(A, "setup-topup", "topup", null, 5, null, null, false),
      new UsedKey(A, "setup-plan", "plan", null, 0, null, null, false),
      new UsedKey(A, "setup-record", "record", "QUICK_SCAN", 1, "sales-2", null, false),
      new UsedKey(A, "setup-failed", "failed", "CLINICAL_ANALYSIS", 1, "sales-2", null, false),
      new UsedKey(B, "setup-scan-b", "consume", "QUICK_SCAN", 1, null, null, false),
      new UsedKey(NFC, "cl\u00e9-\u00e9t\u00e9", "consume", "QUICK_SCAN", 1, null, null, false),
      new UsedKey(THAI, "คำขอ-๑", "consume", "CLINICAL_ANALYSIS", 1, "พนักงาน", "ลูกค้า", false),
      new UsedKey(SQL, "' OR '1'='1", "consume", "QUICK_SCAN", 1, null, null, false),
      new UsedKey(SQL, "x'; DROP TABLE quota_idempotency;--", "reserve", "QUICK_SCAN", 1, null,
          null, false));

  /**
   * Registers the clinics and makes the successful calls the hostile ones refer to, and returns
   * the reservations it made.
   */
  static Target setUp(QuotaService quotas) {
    for (String clinic : new String[] {A, B, THAI, NFD, SQL}) {
      quotas.registerClinic(ClinicRegistration.builder(clinic, clinic.equals(B) ? "starter"
          : "professional").build());
    }
    quotas.purchaseTopUpOrThrow(TopUpRequest.units(A, 5, "setup-topup"));
    quotas.consumeOrThrow(UsageRequest.builder(A, "QUICK_SCAN", "setup-scan").user("sales-1")
        .customerRef("customer-1").build());
    String pending = quotas.reserveOrThrow(UsageRequest.builder(A, "CLINICAL_ANALYSIS",
        "setup-hold-a").build()).id().value();
    String released = quotas.reserveOrThrow(UsageRequest.builder(A, "CLINICAL_ANALYSIS",
        "setup-hold-a2").build()).id().value();
    quotas.tryRelease(A, released);
    String committed = quotas.reserveOrThrow(UsageRequest.builder(A, "CLINICAL_ANALYSIS",
        "setup-hold-a3").build()).id().value();
    quotas.commitOrThrow(CommitRequest.builder(A, committed).model("gemini-x").tokens(10, 20, 0)
        .build());
    quotas.changePlan(new PlanChangeRequest(A, "enterprise", PlanChangeRequest.Timing.NEXT_PERIOD,
        "setup-plan"));
    quotas.recordUsage(A, "sales-2", "quick", true, "setup-record");
    quotas.recordUsage(A, "sales-2", "detailed", false, "setup-failed");
    String ofB = quotas.reserveOrThrow(UsageRequest.builder(B, "QUICK_SCAN", "setup-hold-b")
        .build()).id().value();
    quotas.consumeOrThrow(UsageRequest.builder(B, "QUICK_SCAN", "setup-scan-b").build());
    quotas.consumeOrThrow(UsageRequest.builder(NFD, "QUICK_SCAN", "cle\u0301-e\u0301te\u0301")
        .build());
    quotas.consumeOrThrow(UsageRequest.builder(THAI, "CLINICAL_ANALYSIS", "คำขอ-๑")
        .user("พนักงาน").customerRef("ลูกค้า").build());
    quotas.consumeOrThrow(UsageRequest.builder(SQL, "QUICK_SCAN", "' OR '1'='1").build());
    quotas.reserveOrThrow(UsageRequest.builder(SQL, "QUICK_SCAN",
        "x'; DROP TABLE quota_idempotency;--").build());
    return new Target(quotas, pending, released, committed, ofB);
  }

  // ============================================================================================

  /** An id-valued field of one method, and what a well-formed value there that is not known gets. */
  private record Slot(String method, String field, RefusalCode unknown, String unknownField,
      BiFunction<Target, String, Object> send) {
    boolean takesUnknown() {
      return unknown != null;
    }
  }

  private final SplittableRandom random;
  private final List<Slot> slots;
  private int fresh;

  HostileCalls(long seed) {
    this.random = new SplittableRandom(seed);
    this.slots = slots();
  }

  /** The next hostile call. */
  Hostile next() {
    int pick = random.nextInt(100);
    if (pick < 30) {
      return malformedId();
    } else if (pick < 52) {
      return unknownName();
    } else if (pick < 58) {
      return foreignReservation();
    } else if (pick < 70) {
      return number();
    } else if (pick < 80) {
      return decimalText();
    } else if (pick < 85) {
      return time();
    } else if (pick < 95) {
      return reusedKey();
    }
    return fuzz();
  }

  // ---- ids ----

  private Hostile malformedId() {
    Slot slot = slots.get(random.nextInt(slots.size()));
    String value;
    String family;
    do {
      switch (random.nextInt(6)) {
        case 0:
          family = "blank";
          value = blank();
          break;
        case 1:
          family = "control";
          value = insert(validId(), (char) (random.nextBoolean() ? random.nextInt(0x20)
              : 0x7f + random.nextInt(0x21)));
          break;
        case 2:
          family = "surrogate";
          value = loneSurrogate(validId());
          break;
        case 3:
          family = "oversize";
          value = oversize();
          break;
        case 4:
          family = "null";
          value = isOptional(slot) ? blank() : null;
          break;
        default:
          family = "nfc-oversize";
          value = String.valueOf(NFC_EXPANDING[random.nextInt(NFC_EXPANDING.length)])
              .repeat(128 + random.nextInt(128)) + (random.nextBoolean() ? "" : validId());
          break;
      }
    } while (Ids.valid(value));
    String category = family.equals("oversize") || family.equals("nfc-oversize") ? "ids_oversize"
        : family.equals("blank") || family.equals("null") ? "ids_blank_null"
        : "ids_control_surrogate";
    String v = value;
    return new Hostile(category, slot.method() + " " + slot.field() + " = " + family + " "
        + show(value), t -> slot.send().apply(t, v), RefusalCode.INVALID_ARGUMENT,
        slot.field(), false);
  }

  private static boolean isOptional(Slot slot) {
    return Set.of("userId", "customerRef", "model", "zone", "pack").contains(slot.field());
  }

  /** Characters a person cannot see: white space, space separators, invisible format marks. */
  private static final char[] BLANKS = {' ', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002',
      '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028',
      '\u2029', '\u202f', '\u205f', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff',
      '\u2800', '\u180e', '\u200e', '\u200f', '\u202a', '\u202e'};

  /** Letters whose NFC form is two code points (composition exclusions). */
  private static final char[] NFC_EXPANDING = {'\u0958', '\u0959', '\u095a', '\u095b', '\u095c',
      '\u095d', '\u095e', '\u095f', '\u09dc', '\u09dd', '\u0a33', '\u0a36', '\ufb1d', '\ufb1f',
      '\ufb2a', '\ufb2b', '\ufb2e', '\ufb2f'};

  private String blank() {
    int n = random.nextInt(13);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(BLANKS[random.nextInt(BLANKS.length)]);
    }
    return b.toString();
  }

  private String insert(String base, char c) {
    int at = random.nextInt(base.length() + 1);
    // never inside a surrogate pair, so the base stays well-formed around the inserted char
    if (at > 0 && at < base.length() && Character.isLowSurrogate(base.charAt(at))) {
      at--;
    }
    return base.substring(0, at) + c + base.substring(at);
  }

  private String loneSurrogate(String base) {
    switch (random.nextInt(3)) {
      case 0:
        return base + (char) (0xd800 + random.nextInt(0x400)); // trailing high
      case 1:
        return insert(base, (char) (0xdc00 + random.nextInt(0x400))); // low without high
      default:
        return insert(base, (char) (0xdc00 + random.nextInt(0x400)))
            + (char) (0xd800 + random.nextInt(0x400)) + "x"; // swapped pair and a lone high
    }
  }

  private String oversize() {
    int pick = random.nextInt(20);
    int length = pick == 0 ? 100_000 : pick == 1 ? 10_000 : 256 + random.nextInt(1200);
    String unit = switch (random.nextInt(4)) {
      case 0 -> "x";
      case 1 -> "ก";
      case 2 -> "\ud83e\uddb7";
      default -> "e\u0301\u0302";
    };
    String base = validId();
    int baseCodePoints = base.codePointCount(0, base.length());
    int unitCodePoints = unit.codePointCount(0, unit.length());
    int repeats = Math.max(1, (length - baseCodePoints + unitCodePoints - 1) / unitCodePoints);
    return base + unit.repeat(repeats);
  }

  /** A well-formed id, mostly ASCII, sometimes Thai, emoji, SQL or right-to-left. */
  private String validId() {
    return switch (random.nextInt(6)) {
      case 0 -> "ห้อง-" + random.nextInt(1000);
      case 1 -> "\ud83c\udfe5-" + Integer.toHexString(random.nextInt());
      case 2 -> SQL_LIKE[random.nextInt(SQL_LIKE.length)];
      case 3 -> "مرفأ-" + random.nextInt(100);
      default -> "id-" + Long.toHexString(random.nextLong());
    };
  }

  private static final String[] SQL_LIKE = {"x'; DROP TABLE ai_usage_logs;--", "' OR '1'='1",
      "\" OR \"\"=\"", "1; SELECT pg_sleep(10)--", "'; WAITFOR DELAY '0:0:10'--", "%", "_", "%%",
      "\\", "\\'", "$$", "$q$ $q$", "--", "/*", "*/", "; COMMIT; --", "') OR 1=1 --", "clinic-a' --",
      "clinic-%", "clinic-_", "' UNION SELECT * FROM quota_idempotency --", "\u02bc OR 1=1 --",
      "\uff07 OR \uff071\uff07=\uff071", "NULL", "null", "undefined", "${jndi:ldap://x/a}",
      "{{7*7}}", "../../etc/passwd", "<script>alert(1)</script>", "' AND 1=CAST(version() AS int)--",
      "'||(SELECT current_user)||'", "E'\\x27'", "\\x00", "0x27", "'; SHUTDOWN; --"};

  // ---- well-formed names nobody knows ----

  private Hostile unknownName() {
    List<Slot> open = slots.stream().filter(Slot::takesUnknown).toList();
    Slot slot = open.get(random.nextInt(open.size()));
    String value;
    String family;
    do {
      switch (random.nextInt(5)) {
        case 0:
          family = "sql";
          value = SQL_LIKE[random.nextInt(SQL_LIKE.length)]
              + (random.nextBoolean() ? "" : " " + random.nextInt(10_000));
          break;
        case 1:
          family = "twin";
          value = twin(knownNameFor(slot));
          break;
        case 2:
          family = "unicode";
          value = validId();
          break;
        case 3:
          family = "affix";
          value = affix(knownNameFor(slot));
          break;
        default:
          family = "random";
          value = randomString(1 + random.nextInt(40), random.nextBoolean());
          break;
      }
    } while (!Ids.valid(value) || known(slot, value));
    String category = family.equals("sql") ? "ids_sql_like"
        : family.equals("twin") || family.equals("unicode") ? "ids_unicode_twins"
        : "unknown_names";
    String v = value;
    return new Hostile(category, slot.method() + " " + slot.field() + " = " + family + " "
        + show(value), t -> slot.send().apply(t, v), slot.unknown(), slot.unknownField(), false);
  }

  private String knownNameFor(Slot slot) {
    return switch (slot.field()) {
      case "clinicId" -> CLINICS[random.nextInt(CLINICS.length)];
      case "plan" -> pick(PLANS);
      case "operation", "scanType" -> pick(OPERATIONS);
      case "pack" -> pick(PACKS);
      case "feature" -> pick(FEATURES);
      case "zone" -> random.nextBoolean() ? "Asia/Bangkok" : "Europe/Berlin";
      default -> "res_" + Long.toHexString(random.nextLong());
    };
  }

  private String pick(Set<String> values) {
    List<String> list = new ArrayList<>(values);
    list.sort(null);
    return list.get(random.nextInt(list.size()));
  }

  /** A spelling of {@code name} a person could take for it that is another id. */
  private String twin(String name) {
    switch (random.nextInt(6)) {
      case 0: {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals(name) ? name.toLowerCase(Locale.ROOT) : upper;
      }
      case 1: { // full width
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> b.appendCodePoint(cp > 0x20 && cp < 0x7f ? cp + 0xfee0 : cp));
        return b.toString();
      }
      case 2: { // Cyrillic homoglyphs
        return name.replace('a', '\u0430').replace('c', '\u0441').replace('e', '\u0435')
            .replace('o', '\u043e').replace('p', '\u0440').replace('x', '\u0445');
      }
      case 3: // an invisible mark inside
        return insert(name, BLANKS[19 + random.nextInt(5)]);
      case 4: // compatibility forms NFC keeps apart: ligatures, superscripts, roman numerals
        return name.replace("fi", "\ufb01").replace("1", "\u00b9").replace("2", "\u00b2")
            .replace("-", "\u2010") + (random.nextBoolean() ? "" : "\u2160");
      default: // white space around
        return random.nextBoolean() ? name + " " : " " + name;
    }
  }

  private String affix(String name) {
    return switch (random.nextInt(3)) {
      case 0 -> name + "-" + random.nextInt(1000);
      case 1 -> random.nextInt(100) + name;
      default -> name.length() > 1 ? name.substring(0, name.length() - 1) : name + name;
    };
  }

  /** Whether {@code value} names something the engine knows in this slot (so it is not hostile). */
  private static boolean known(Slot slot, String value) {
    String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
    return switch (slot.field()) {
      case "clinicId" -> REGISTERED.contains(nfc);
      case "plan" -> PLANS.contains(nfc);
      case "operation", "scanType" -> OPERATIONS.contains(nfc);
      case "pack" -> PACKS.contains(nfc);
      case "feature" -> FEATURES.contains(nfc);
      case "zone" -> isZone(nfc);
      default -> false; // reservation ids are random UUIDs with a prefix
    };
  }

  private static boolean isZone(String id) {
    try {
      ZoneId.of(id);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  private String randomString(int length, boolean anyCodePoint) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (anyCodePoint) {
        int cp = random.nextInt(0x110000);
        if (cp >= 0xd800 && cp <= 0xdfff) {
          b.append((char) cp);
        } else {
          b.appendCodePoint(cp);
        }
      } else {
        b.append((char) (0x21 + random.nextInt(0x5e)));
      }
    }
    return b.toString();
  }

  // ---- another clinic's reservations ----

  private Hostile foreignReservation() {
    String method = switch (random.nextInt(3)) {
      case 0 -> "tryCommit";
      case 1 -> "tryRelease";
      default -> "reservationState";
    };
    String clinic;
    String role;
    Function<Target, String> id;
    switch (random.nextInt(5)) {
      case 0: {
        clinic = otherClinic(A);
        String state = new String[] {"pending", "released", "committed"}[random.nextInt(3)];
        role = "A's " + state;
        id = t -> state.equals("pending") ? t.pending() : state.equals("released") ? t.released()
            : t.committed();
        break;
      }
      case 1:
        clinic = otherClinic(B);
        role = "B's pending";
        id = Target::ofB;
        break;
      case 2:
        clinic = CLINICS[random.nextInt(CLINICS.length)];
        role = "B's idempotency key as id";
        id = t -> "setup-hold-b";
        break;
      case 3: {
        clinic = CLINICS[random.nextInt(CLINICS.length)];
        int shape = random.nextInt(3);
        int n = 1 + random.nextInt(30);
        String suffix = random.nextBoolean() ? "%" : " " + n;
        role = new String[] {"A's pending in upper case", "A's pending + '" + suffix + "'",
            "A's pending less " + n + " chars"}[shape];
        id = t -> shape == 0 ? t.pending().toUpperCase(Locale.ROOT) : shape == 1
            ? t.pending() + suffix : t.pending().substring(0, t.pending().length() - n);
        break;
      }
      default: {
        clinic = CLINICS[random.nextInt(CLINICS.length)];
        String made = "res_" + new java.util.UUID(random.nextLong(), random.nextLong());
        role = "made-up " + made;
        id = t -> made;
        break;
      }
    }
    String c = clinic;
    Function<Target, String> reservation = id;
    long p = random.nextInt(5000);
    long o = random.nextInt(5000);
    String model = random.nextBoolean() ? null : "gemini-" + random.nextInt(10);
    Units actual = random.nextBoolean() ? null : Units.ofMilli(random.nextInt(1001));
    String details = method.equals("tryCommit") ? " model=" + model + " tokens=" + p + "/" + o
        + " actual=" + actual : "";
    return new Hostile("foreign_ids", method + " as " + show(c) + " of " + role + details,
        t -> switch (method) {
          case "tryCommit" -> t.quotas().tryCommit(new CommitRequest(c, reservation.apply(t),
              actual, model, p, o, 0));
          case "tryRelease" -> t.quotas().tryRelease(c, reservation.apply(t));
          default -> t.quotas().reservationState(c, reservation.apply(t));
        }, RefusalCode.UNKNOWN_RESERVATION, null, false);
  }

  /** A registered clinic, as callers may spell it, that is not {@code not}. */
  private String otherClinic(String not) {
    String clinic;
    do {
      clinic = CLINICS[random.nextInt(CLINICS.length)];
    } while (Normalizer.normalize(clinic, Normalizer.Form.NFC).equals(not));
    return clinic;
  }

  // ---- numbers at and past their edges ----

  private Hostile number() {
    String clinic = CLINICS[random.nextInt(CLINICS.length)];
    String key = freshKey();
    switch (random.nextInt(11)) {
      case 9: {
        // within the per-request range, but 1,001 units each is more than the most units
        long q = 999_001 + random.nextInt(999_000);
        boolean reserve = random.nextBoolean();
        UsageRequest r = UsageRequest.builder(clinic, "HEAVY_SCAN", key).quantity(q).build();
        return new Hostile("units", (reserve ? "tryReserve" : "tryConsume") + " " + show(clinic)
            + " HEAVY_SCAN quantity=" + q, t -> reserve ? t.quotas().tryReserve(r)
            : t.quotas().tryConsume(r), RefusalCode.INVALID_ARGUMENT, "quantity", false);
      }
      case 10: {
        String number = hostileNumber();
        return new Hostile("units_text", "Units.of(BigDecimal " + show(number) + ") in a commit",
            t -> t.quotas().tryCommit(CommitRequest.builder(A, t.pending())
                .actualUnits(Units.of("actualUnits", new java.math.BigDecimal(number))).build()),
            null, "actualUnits", true);
      }
      case 0:
      case 1: {
        long q = badQuantity();
        boolean reserve = random.nextBoolean();
        String op = random.nextBoolean() ? "QUICK_SCAN" : "CLINICAL_ANALYSIS";
        UsageRequest r = UsageRequest.builder(clinic, op, key).quantity(q).build();
        return new Hostile("units", (reserve ? "tryReserve" : "tryConsume") + " " + show(clinic)
            + " " + op + " quantity=" + q, t -> reserve ? t.quotas().tryReserve(r)
            : t.quotas().tryConsume(r), RefusalCode.INVALID_ARGUMENT, "quantity", false);
      }
      case 2: {
        Duration ttl = badTtl();
        boolean reserve = random.nextInt(4) != 0;
        UsageRequest r = UsageRequest.builder(clinic, "QUICK_SCAN", key).ttl(ttl).build();
        return new Hostile("durations", (reserve ? "tryReserve" : "tryConsume") + " " + show(clinic)
            + " ttl=" + ttl, t -> reserve ? t.quotas().tryReserve(r) : t.quotas().tryConsume(r),
            RefusalCode.INVALID_ARGUMENT, "ttl", false);
      }
      case 3: {
        String[] fields = {"promptTokens", "outputTokens", "thoughtTokens"};
        int f = random.nextInt(3);
        long bad = random.nextInt(4) == 0 ? Long.MIN_VALUE : -1 - random.nextLong(Long.MAX_VALUE);
        long[] tokens = {random.nextInt(100), random.nextInt(100), random.nextInt(100)};
        tokens[f] = bad;
        String role = random.nextBoolean() ? "pending" : "unknown";
        return new Hostile("units", "tryCommit A " + role + " " + fields[f] + "=" + bad,
            t -> t.quotas().tryCommit(CommitRequest.builder(A, role.equals("pending") ? t.pending()
                : "res_none").tokens(tokens[0], tokens[1], tokens[2]).build()),
            RefusalCode.INVALID_ARGUMENT, fields[f], false);
      }
      case 4: {
        // more than the 1.000 unit each of A's reservations holds, whatever its state
        long milli = random.nextInt(3) == 0 ? 1001 + random.nextInt(10_000)
            : 1001 + random.nextLong(Units.MAX.milli() - 1000);
        String role = new String[] {"pending", "released", "committed"}[random.nextInt(3)];
        Units actual = Units.ofMilli(milli);
        return new Hostile("units", "tryCommit A " + role + " actualUnits=" + actual,
            t -> t.quotas().tryCommit(CommitRequest.builder(A, role.equals("pending") ? t.pending()
                : role.equals("released") ? t.released() : t.committed()).actualUnits(actual)
                .build()), RefusalCode.INVALID_ARGUMENT, "actualUnits", false);
      }
      case 5: {
        long units = badTopUpUnits();
        return new Hostile("units", "purchaseTopUp " + show(clinic) + " units=" + units,
            t -> t.quotas().purchaseTopUp(TopUpRequest.units(clinic, units, key)),
            RefusalCode.INVALID_ARGUMENT, "units", false);
      }
      case 6: {
        long units = random.nextBoolean() ? 1 + random.nextInt(100_000) : badTopUpUnits();
        if (units == 0) {
          units = -1;
        }
        long u = units;
        String pack = pick(PACKS);
        return new Hostile("units", "purchaseTopUp " + show(clinic) + " pack=" + pack + " units="
            + u, t -> t.quotas().purchaseTopUp(new TopUpRequest(clinic, u, pack, key)),
            RefusalCode.INVALID_ARGUMENT, "units", false);
      }
      case 7: {
        int day = new int[] {0, 32, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}[random.nextInt(5)];
        while (random.nextInt(5) != 0 && (day >= 0 && day <= 32)) {
          day = random.nextInt();
        }
        if (day >= 1 && day <= 31) {
          day = 0;
        }
        int d = day;
        String target = random.nextBoolean() ? clinic : "new-" + freshKey();
        return new Hostile("anchor_day", "registerClinic " + show(target) + " anchorDay=" + d,
            t -> t.quotas().registerClinic(ClinicRegistration.builder(target, "professional")
                .anchorDay(d).build()), RefusalCode.INVALID_ARGUMENT, "anchorDay", false);
      }
      default: {
        // value factories refuse out-of-range amounts before any request exists
        long milli = random.nextBoolean() ? -1 - random.nextLong(Long.MAX_VALUE)
            : Units.MAX.milli() + 1 + random.nextLong(Long.MAX_VALUE - Units.MAX.milli());
        boolean whole = random.nextBoolean();
        return new Hostile("units", (whole ? "Units.of(" : "Units.ofMilli(") + milli + ") in a commit",
            t -> t.quotas().tryCommit(CommitRequest.builder(A, t.pending())
                .actualUnits(whole ? Units.of(milli) : Units.ofMilli(milli)).build()),
            null, "units", true);
      }
    }
  }

  /** A number a JSON body can hold that is no amount of units: huge exponents, digits, signs. */
  private String hostileNumber() {
    return switch (random.nextInt(6)) {
      case 0 -> (1 + random.nextInt(9)) + "E+" + (10 + random.nextInt(Integer.MAX_VALUE - 10));
      case 1 -> (1 + random.nextInt(9)) + "E-" + (4 + random.nextInt(Integer.MAX_VALUE - 4));
      case 2 -> "-" + (1 + random.nextInt(1_000_000)) + "." + random.nextInt(1000);
      case 3 -> random.nextInt(1000) + "." + random.nextInt(10) + "0".repeat(2 + random.nextInt(50))
          + (1 + random.nextInt(9));
      case 4 -> "1" + "0".repeat(10 + random.nextInt(990));
      default -> (1_000_000_000L + 1 + random.nextInt(Integer.MAX_VALUE)) + "";
    };
  }

  private long badQuantity() {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> -1 - random.nextInt(1000);
      case 2 -> Long.MIN_VALUE + random.nextInt(2);
      case 3 -> Long.MAX_VALUE - random.nextInt(2);
      case 4 -> 1_000_001 + random.nextInt(1_000_000);
      default -> random.nextBoolean() ? -1 - random.nextLong(Long.MAX_VALUE)
          : 1_000_001 + random.nextLong(Long.MAX_VALUE - 1_000_001);
    };
  }

  private Duration badTtl() {
    return switch (random.nextInt(6)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofNanos(-1 - random.nextInt(1_000_000));
      case 2 -> Duration.ofSeconds(-1 - random.nextLong(Long.MAX_VALUE / 2));
      case 3 -> Duration.ofDays(1).plusNanos(1 + random.nextInt(1_000_000_000));
      case 4 -> Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
      default -> Duration.ofDays(1).plusSeconds(1 + random.nextLong(Long.MAX_VALUE / 2));
    };
  }

  private long badTopUpUnits() {
    return switch (random.nextInt(5)) {
      case 0 -> 0;
      case 1 -> -1 - random.nextLong(Long.MAX_VALUE);
      case 2 -> 100_001 + random.nextInt(1_000_000);
      case 3 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
      default -> 100_001 + random.nextLong(Long.MAX_VALUE - 100_001);
    };
  }

  // ---- decimal strings: money and units ----

  private static final Pattern MONEY = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,2})?");
  private static final Pattern UNITS = Pattern.compile("[0-9]{1,10}(\\.[0-9]{1,3})?");

  private Hostile decimalText() {
    boolean money = random.nextInt(3) != 0;
    String text;
    String family;
    do {
      int f = random.nextInt(14);
      family = new String[] {"negative", "exponent", "nan", "decimals", "digits", "huge",
          "separator", "unicode-digits", "blank", "junk", "signed", "control", "range",
          "fuzz"}[f];
      text = decimal(f, money);
    } while (money ? validMoney(text) : validUnits(text));
    String t = text;
    if (money) {
      String clinic = random.nextBoolean() ? CLINICS[random.nextInt(CLINICS.length)]
          : "new-" + freshKey();
      return new Hostile("money", "registerClinic " + show(clinic) + " overageCap = " + family
          + " " + show(text), q -> q.quotas().registerClinic(ClinicRegistration.builder(clinic,
          "professional").overagePolicy(OveragePolicy.AUTO).overageCap(t).build()),
          RefusalCode.INVALID_ARGUMENT, "overageCap", false);
    }
    return new Hostile("units_text", "Units.parse(" + family + " " + show(text) + ") in a commit",
        q -> q.quotas().tryCommit(CommitRequest.builder(A, q.pending())
            .actualUnits(Units.parse("actualUnits", t)).build()), null, "actualUnits", true);
  }

  private String decimal(int family, boolean money) {
    String plain = random.nextInt(100_000) + (random.nextBoolean() ? "" : "." + random.nextInt(10));
    return switch (family) {
      case 0 -> "-" + plain;
      case 1 -> {
        String[] exps = {"1000000000", "2147483648", "-1000000000", "99999999999999999999", "+308",
            "-400", "0", String.valueOf(random.nextInt())};
        yield random.nextInt(1000) + (random.nextBoolean() ? "e" : "E") + exps[random.nextInt(
            exps.length)];
      }
      case 2 -> new String[] {"NaN", "-NaN", "Infinity", "-Infinity", "inf", "∞", "nan", "1/0",
          "null", "true", "[]", "{}"}[random.nextInt(12)];
      case 3 -> random.nextInt(1000) + "." + "0123456789".repeat(3).substring(0, (money ? 3 : 4)
          + random.nextInt(20));
      case 4 -> "9".repeat((money ? 14 : 11) + random.nextInt(300));
      case 5 -> random.nextBoolean() ? "1".repeat(100_000) : "1." + "0".repeat(100_000) + "1";
      case 6 -> new String[] {"12,000", "1_000", "1 000", "0x1F", ".5", "5.", "1..2", "1.2.3",
          "1'000", "12,5", "0b101", "1e", "e5"}[random.nextInt(13)];
      case 7 -> new String[] {"\u0661\u0662", "\u0e51\u0e52", "\u0967\u0968", "\uff11\uff12",
          "\ud835\udfcf", "\u00b9\u00b2", "\u2460", "\u2155"}[random.nextInt(8)];
      case 8 -> blank();
      case 9 -> new String[] {"5 THB", "฿5", "$5", "5฿", "five", "5%", "5/2", "(5)", "5-",
          "--5"}[random.nextInt(10)];
      case 10 -> "+" + plain;
      case 11 -> insert(plain, (char) random.nextInt(0x20));
      case 12 -> money ? "1" + "0".repeat(13) : String.valueOf(1_000_000_001L
          + random.nextInt(1_000_000_000));
      default -> randomString(1 + random.nextInt(30), random.nextBoolean());
    };
  }

  private static boolean validMoney(String text) {
    return text != null && MONEY.matcher(text.strip()).matches();
  }

  private static boolean validUnits(String text) {
    if (text == null || !UNITS.matcher(text.strip()).matches()) {
      return false;
    }
    return new java.math.BigDecimal(text.strip()).compareTo(java.math.BigDecimal.valueOf(
        1_000_000_000L)) <= 0;
  }

  // ---- time ----

  private Hostile time() {
    String clinic = CLINICS[random.nextInt(CLINICS.length)];
    switch (random.nextInt(4)) {
      case 0:
      case 1: {
        Instant at;
        String why;
        Instant now = Instant.parse(NOW);
        switch (random.nextInt(5)) {
          case 0 -> {
            at = null;
            why = "null";
          }
          case 1 -> {
            at = now.plusNanos(1 + random.nextLong(Long.MAX_VALUE));
            why = "future";
          }
          case 2 -> {
            at = random.nextBoolean() ? Instant.MAX : Instant.MIN;
            why = "edge";
          }
          case 3 -> {
            at = PERIOD_START.minusNanos(1 + random.nextLong(Long.MAX_VALUE));
            why = "before the first period";
          }
          default -> {
            at = Instant.ofEpochSecond(random.nextLong(Instant.MIN.getEpochSecond(),
                PERIOD_START.getEpochSecond()), random.nextInt(1_000_000_000));
            why = "long before";
          }
        }
        Instant a = at;
        return new Hostile("time", "usageStats " + show(clinic) + " at=" + why + " " + at,
            t -> t.quotas().usageStats(clinic, a), RefusalCode.INVALID_ARGUMENT, "at", false);
      }
      default: {
        Set<DayOfWeek> days;
        String shape;
        switch (random.nextInt(3)) {
          case 0 -> {
            days = null;
            shape = "null";
          }
          case 1 -> {
            days = EnumSet.noneOf(DayOfWeek.class);
            shape = "{}";
          }
          default -> {
            Set<DayOfWeek> withNull = new HashSet<>(Arrays.asList(DayOfWeek.values()[
                random.nextInt(7)], null));
            days = withNull;
            shape = "with null " + withNull;
          }
        }
        boolean forecast = random.nextBoolean();
        return new Hostile("time", (forecast ? "forecast " : "recommendations ") + show(clinic)
            + " openingDays=" + shape, t -> forecast ? t.quotas().forecast(clinic, days)
            : t.quotas().recommendations(clinic, days), RefusalCode.INVALID_ARGUMENT,
            "openingDays", false);
      }
    }
  }

  // ---- keys sent again with other parameters ----

  private Hostile reusedKey() {
    int pick = random.nextInt(12);
    if (pick == 0) {
      return notOpen();
    }
    if (pick == 1) {
      return noTiming();
    }
    UsedKey used = USED_KEYS.get(random.nextInt(USED_KEYS.size()));
    String clinic = used.clinic().equals(NFC) && random.nextBoolean() ? NFD : used.clinic();
    String key = used.key();
    if (!key.equals(Normalizer.normalize(key, Normalizer.Form.NFD)) && random.nextBoolean()) {
      key = Normalizer.normalize(key, Normalizer.Form.NFD);
    }
    String k = key;
    String kind = new String[] {"consume", "reserve", "record", "failed", "topup", "plan"}[
        random.nextInt(6)];
    String description;
    Function<Target, Object> call;
    if (kind.equals("consume") || kind.equals("reserve")) {
      UsageRequest r = differentUsage(used, kind, clinic, k);
      description = kind + " " + show(clinic) + " key " + show(k) + " op=" + r.operation() + " q="
          + r.quantity() + " user=" + show(r.userId()) + " customer=" + show(r.customerRef())
          + " accept=" + r.acceptOverage() + " ttl=" + r.ttl();
      call = kind.equals("consume") ? t -> t.quotas().tryConsume(r) : t -> t.quotas().tryReserve(r);
    } else if (kind.equals("record") || kind.equals("failed")) {
      if (used.kind().equals(kind)) {
        // same action: another scan type or user makes it another request
        boolean otherOp = random.nextBoolean();
        String op = otherOp ? otherOperation(used.operation()) : used.operation();
        String user = otherOp ? used.user() : "sales-" + (3 + random.nextInt(1000));
        description = "recordUsage(" + kind + ") " + show(clinic) + " key " + show(k) + " op=" + op
            + " user=" + user;
        call = t -> t.quotas().recordUsage(clinic, user, op, kind.equals("record"), k);
      } else {
        String op = pick(OPERATIONS);
        String user = random.nextBoolean() ? null : "sales-" + random.nextInt(1000);
        description = "recordUsage(" + kind + ") " + show(clinic) + " key " + show(k) + " op=" + op
            + " user=" + user;
        call = t -> t.quotas().recordUsage(clinic, user, op, kind.equals("record"), k);
      }
    } else if (kind.equals("topup")) {
      TopUpRequest r;
      if (random.nextInt(3) == 0) {
        r = TopUpRequest.pack(clinic, pick(PACKS), k);
      } else {
        long units = 1 + random.nextInt(100_000);
        if (used.kind().equals("topup") && units == used.quantity()) {
          units++;
        }
        r = TopUpRequest.units(clinic, units, k);
      }
      description = "purchaseTopUp " + show(clinic) + " key " + show(k) + " units=" + r.units()
          + " pack=" + r.pack();
      call = t -> t.quotas().purchaseTopUp(r);
    } else {
      PlanChangeRequest.Timing[] timings = PlanChangeRequest.Timing.values();
      String plan = pick(PLANS);
      PlanChangeRequest.Timing timing = timings[random.nextInt(timings.length)];
      if (used.kind().equals("plan") && plan.equals("enterprise")
          && timing == PlanChangeRequest.Timing.NEXT_PERIOD) {
        timing = PlanChangeRequest.Timing.IMMEDIATELY;
      }
      PlanChangeRequest r = new PlanChangeRequest(clinic, plan, timing, k);
      description = "changePlan " + show(clinic) + " key " + show(k) + " plan=" + plan + " timing="
          + timing;
      call = t -> t.quotas().changePlan(r);
    }
    return new Hostile("keys_reused", description + " (first used by " + used.kind() + ")", call,
        RefusalCode.IDEMPOTENCY_KEY_REUSED, null, false);
  }

  /** A usage request under a used key that differs from the first in something it is keyed by. */
  private UsageRequest differentUsage(UsedKey used, String kind, String clinic, String key) {
    String op = used.operation() == null ? "QUICK_SCAN" : used.operation();
    long quantity = used.quantity() == 0 ? 1 : used.quantity();
    String user = used.user();
    String customer = used.customer();
    boolean accept = used.accept();
    Duration ttl = null;
    if (kind.equals(used.kind())) {
      switch (random.nextInt(kind.equals("reserve") ? 6 : 5)) {
        case 0 -> op = otherOperation(op);
        case 1 -> quantity = 2 + random.nextInt(999_999);
        case 2 -> user = user == null ? "sales-" + random.nextInt(1000)
            : random.nextBoolean() ? null : user + "x";
        case 3 -> customer = customer == null ? "customer-" + random.nextInt(1000)
            : random.nextBoolean() ? null : customer + "-2";
        case 4 -> accept = !accept;
        default -> {
          long minutes = 1 + random.nextInt(1440);
          ttl = Duration.ofMinutes(minutes == 10 ? 11 : minutes);
        }
      }
    } else {
      op = pick(OPERATIONS);
      quantity = 1 + random.nextInt(3);
      user = random.nextBoolean() ? null : "sales-" + random.nextInt(10);
      if (random.nextBoolean()) {
        ttl = Duration.ofMinutes(1 + random.nextInt(60));
      }
    }
    return UsageRequest.builder(clinic, op, key).quantity(quantity).user(user).customerRef(customer)
        .acceptOverage(accept).ttl(ttl).build();
  }

  /** An operation that is not {@code op}, under either of its names. */
  private String otherOperation(String op) {
    String[][] names = {{"QUICK_SCAN", "quick"}, {"CLINICAL_ANALYSIS", "detailed"},
        {"CHAT_ADVISOR", "chat"}};
    String[] other;
    do {
      other = names[random.nextInt(names.length)];
    } while (other[0].equals(op) || other[1].equals(op));
    return other[random.nextInt(2)];
  }

  /** A commit or release of a reservation already resolved, asking for something else. */
  private Hostile notOpen() {
    switch (random.nextInt(3)) {
      case 0: {
        long p = random.nextInt(5000);
        String model = random.nextBoolean() ? null : "gemini-" + random.nextInt(10);
        Units actual = random.nextBoolean() ? null : Units.ofMilli(random.nextInt(1001));
        return new Hostile("keys_reused", "tryCommit A released model=" + model + " tokens=" + p
            + " actual=" + actual, t -> t.quotas().tryCommit(new CommitRequest(A, t.released(),
            actual, model, p, 0, 0)), RefusalCode.RESERVATION_NOT_OPEN, null, false);
      }
      case 1: {
        // the first commit sent model gemini-x, tokens 10/20/0 and no actual: any actual differs
        Units actual = Units.ofMilli(random.nextInt(1001));
        String model = random.nextBoolean() ? "gemini-x" : "gemini-" + random.nextInt(100);
        return new Hostile("keys_reused", "tryCommit A committed actual=" + actual + " model="
            + model, t -> t.quotas().tryCommit(CommitRequest.builder(A, t.committed())
            .model(model).tokens(10, 20, 0).actualUnits(actual).build()),
            RefusalCode.RESERVATION_NOT_OPEN, null, false);
      }
      default:
        return new Hostile("keys_reused", "tryRelease A committed",
            t -> t.quotas().tryRelease(A, t.committed()), RefusalCode.RESERVATION_NOT_OPEN, null,
            false);
    }
  }

  private Hostile noTiming() {
    String clinic = CLINICS[random.nextInt(CLINICS.length)];
    String plan = pick(PLANS);
    String key = freshKey();
    return new Hostile("unknown_names", "changePlan " + show(clinic) + " " + plan
        + " timing=null key " + key, t -> t.quotas().changePlan(new PlanChangeRequest(clinic, plan,
        null, key)), RefusalCode.INVALID_ARGUMENT, "timing", false);
  }

  // ---- fuzz: any code points into any slot ----

  private Hostile fuzz() {
    if (random.nextInt(50) == 0) {
      return nullRequest();
    }
    Slot slot = slots.get(random.nextInt(slots.size()));
    String value;
    do {
      value = randomString(1 + random.nextInt(300), random.nextInt(4) != 0);
    } while (Ids.valid(value) ? !slot.takesUnknown() || known(slot, value) : false);
    String v = value;
    boolean valid = Ids.valid(value);
    return new Hostile("fuzz", slot.method() + " " + slot.field() + " = fuzz " + show(value),
        t -> slot.send().apply(t, v), valid ? slot.unknown() : RefusalCode.INVALID_ARGUMENT,
        valid ? slot.unknownField() : slot.field(), false);
  }

  private Hostile nullRequest() {
    String[] methods = {"registerClinic", "tryReserve", "tryConsume", "tryCommit", "purchaseTopUp",
        "changePlan"};
    String method = methods[random.nextInt(methods.length)];
    return new Hostile("null_request", method + "(null)", t -> switch (method) {
      case "registerClinic" -> t.quotas().registerClinic(null);
      case "tryReserve" -> t.quotas().tryReserve(null);
      case "tryConsume" -> t.quotas().tryConsume(null);
      case "tryCommit" -> t.quotas().tryCommit(null);
      case "purchaseTopUp" -> t.quotas().purchaseTopUp(null);
      default -> t.quotas().changePlan(null);
    }, null, null, true);
  }

  // ---- the slots ----

  private String freshKey() {
    return "k-" + (fresh++);
  }

  /** Every id-valued field of every method, sent with otherwise valid values. */
  private List<Slot> slots() {
    RefusalCode clinic = RefusalCode.UNKNOWN_CLINIC;
    RefusalCode reservation = RefusalCode.UNKNOWN_RESERVATION;
    RefusalCode op = RefusalCode.UNKNOWN_OPERATION;
    RefusalCode plan = RefusalCode.UNKNOWN_PLAN;
    RefusalCode invalid = RefusalCode.INVALID_ARGUMENT;
    List<Slot> s = new ArrayList<>();
    s.add(new Slot("registerClinic", "clinicId", null, null,
        (t, v) -> t.quotas().registerClinic(ClinicRegistration.builder(v, "starter").build())));
    s.add(new Slot("registerClinic", "plan", plan, null,
        (t, v) -> t.quotas().registerClinic(ClinicRegistration.builder(A, v).build())));
    s.add(new Slot("registerClinic(new)", "plan", plan, null,
        (t, v) -> t.quotas().registerClinic(ClinicRegistration.builder("new-clinic", v).build())));
    s.add(new Slot("registerClinic", "zone", invalid, "zone",
        (t, v) -> t.quotas().registerClinic(ClinicRegistration.builder(B, "starter").zone(v)
            .build())));
    s.add(new Slot("registerClinic(new)", "zone", invalid, "zone",
        (t, v) -> t.quotas().registerClinic(ClinicRegistration.builder("new-clinic", "starter")
            .zone(v).build())));
    for (String method : new String[] {"tryReserve", "tryConsume"}) {
      boolean reserve = method.equals("tryReserve");
      s.add(new Slot(method, "clinicId", clinic, null, (t, v) -> usage(t, reserve,
          UsageRequest.builder(v, "QUICK_SCAN", freshKey()).build())));
      s.add(new Slot(method, "operation", op, null, (t, v) -> usage(t, reserve,
          UsageRequest.builder(A, v, freshKey()).build())));
      s.add(new Slot(method, "idempotencyKey", null, null, (t, v) -> usage(t, reserve,
          UsageRequest.builder(A, "QUICK_SCAN", v).build())));
      s.add(new Slot(method, "userId", null, null, (t, v) -> usage(t, reserve,
          UsageRequest.builder(A, "QUICK_SCAN", freshKey()).user(v).build())));
      s.add(new Slot(method, "customerRef", null, null, (t, v) -> usage(t, reserve,
          UsageRequest.builder(A, "CLINICAL_ANALYSIS", freshKey()).customerRef(v).build())));
    }
    s.add(new Slot("tryCommit", "clinicId", clinic, null,
        (t, v) -> t.quotas().tryCommit(CommitRequest.of(v, t.pending()))));
    s.add(new Slot("tryCommit", "reservationId", reservation, null,
        (t, v) -> t.quotas().tryCommit(CommitRequest.of(A, v))));
    s.add(new Slot("tryCommit", "model", null, null,
        (t, v) -> t.quotas().tryCommit(CommitRequest.builder(A, t.pending()).model(v).build())));
    s.add(new Slot("tryRelease", "clinicId", clinic, null,
        (t, v) -> t.quotas().tryRelease(v, t.pending())));
    s.add(new Slot("tryRelease", "reservationId", reservation, null,
        (t, v) -> t.quotas().tryRelease(A, v)));
    s.add(new Slot("reservationState", "clinicId", clinic, null,
        (t, v) -> t.quotas().reservationState(v, t.pending())));
    s.add(new Slot("reservationState", "reservationId", reservation, null,
        (t, v) -> t.quotas().reservationState(A, v)));
    for (boolean ok : new boolean[] {true, false}) {
      String m = ok ? "recordUsage(ok)" : "recordUsage(failed)";
      s.add(new Slot(m, "clinicId", clinic, null,
          (t, v) -> t.quotas().recordUsage(v, "sales-1", "quick", ok, freshKey())));
      s.add(new Slot(m, "userId", null, null,
          (t, v) -> t.quotas().recordUsage(A, v, "quick", ok, freshKey())));
      s.add(new Slot(m, "scanType", op, null,
          (t, v) -> t.quotas().recordUsage(A, "sales-1", v, ok, freshKey())));
      s.add(new Slot(m, "idempotencyKey", null, null,
          (t, v) -> t.quotas().recordUsage(A, "sales-1", "detailed", ok, v)));
    }
    s.add(new Slot("purchaseTopUp", "clinicId", clinic, null,
        (t, v) -> t.quotas().purchaseTopUp(TopUpRequest.units(v, 10, freshKey()))));
    s.add(new Slot("purchaseTopUp", "idempotencyKey", null, null,
        (t, v) -> t.quotas().purchaseTopUp(TopUpRequest.units(A, 10, v))));
    s.add(new Slot("purchaseTopUp", "pack", invalid, "pack",
        (t, v) -> t.quotas().purchaseTopUp(TopUpRequest.pack(A, v, freshKey()))));
    s.add(new Slot("changePlan", "clinicId", clinic, null,
        (t, v) -> t.quotas().changePlan(PlanChangeRequest.of(v, "starter", freshKey()))));
    s.add(new Slot("changePlan", "plan", plan, null,
        (t, v) -> t.quotas().changePlan(PlanChangeRequest.of(B, v, freshKey()))));
    s.add(new Slot("changePlan", "idempotencyKey", null, null,
        (t, v) -> t.quotas().changePlan(PlanChangeRequest.of(B, "professional", v))));
    s.add(new Slot("checkQuotaAvailability", "clinicId", clinic, null,
        (t, v) -> t.quotas().checkQuotaAvailability(v, "QUICK_SCAN")));
    s.add(new Slot("checkQuotaAvailability", "operation", op, null,
        (t, v) -> t.quotas().checkQuotaAvailability(A, v)));
    s.add(new Slot("hasFeature", "clinicId", clinic, null,
        (t, v) -> t.quotas().hasFeature(v, "leadScoring")));
    s.add(new Slot("hasFeature", "feature", null, null,
        (t, v) -> t.quotas().hasFeature(A, v)));
    s.add(new Slot("requireFeature", "clinicId", clinic, null, (t, v) -> {
      t.quotas().requireFeature(v, "proposalGeneration");
      return "no refusal";
    }));
    s.add(new Slot("requireFeature", "feature", RefusalCode.FEATURE_NOT_IN_PLAN, null, (t, v) -> {
      t.quotas().requireFeature(A, v);
      return "no refusal";
    }));
    s.add(new Slot("reserveOrThrow", "clinicId", clinic, null, (t, v) -> t.quotas()
        .reserveOrThrow(UsageRequest.builder(v, "QUICK_SCAN", freshKey()).build())));
    s.add(new Slot("consumeOrThrow", "operation", op, null, (t, v) -> t.quotas()
        .consumeOrThrow(UsageRequest.builder(A, v, freshKey()).build())));
    s.add(new Slot("commitOrThrow", "reservationId", reservation, null,
        (t, v) -> t.quotas().commitOrThrow(CommitRequest.of(A, v))));
    s.add(new Slot("purchaseTopUpOrThrow", "clinicId", clinic, null,
        (t, v) -> t.quotas().purchaseTopUpOrThrow(TopUpRequest.units(v, 1, freshKey()))));
    s.add(new Slot("balance", "clinicId", clinic, null, (t, v) -> t.quotas().balance(v)));
    s.add(new Slot("status", "clinicId", clinic, null, (t, v) -> t.quotas().status(v)));
    s.add(new Slot("usageStats", "clinicId", clinic, null, (t, v) -> t.quotas().usageStats(v)));
    s.add(new Slot("usageStats(at)", "clinicId", clinic, null,
        (t, v) -> t.quotas().usageStats(v, Instant.parse(NOW))));
    s.add(new Slot("forecast", "clinicId", clinic, null, (t, v) -> t.quotas().forecast(v)));
    s.add(new Slot("forecast(days)", "clinicId", clinic, null,
        (t, v) -> t.quotas().forecast(v, EnumSet.of(DayOfWeek.MONDAY))));
    s.add(new Slot("recommendations", "clinicId", clinic, null,
        (t, v) -> t.quotas().recommendations(v)));
    s.add(new Slot("recommendations(days)", "clinicId", clinic, null,
        (t, v) -> t.quotas().recommendations(v, EnumSet.allOf(DayOfWeek.class))));
    return List.copyOf(s);
  }

  private static Object usage(Target t, boolean reserve, UsageRequest r) {
    return reserve ? t.quotas().tryReserve(r) : t.quotas().tryConsume(r);
  }

  /** A short printable form of a value: escaped, cut, with its length and hash when long. */
  static String show(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < value.length() && shown < 40; i++, shown++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    b.append('\'');
    if (value.length() > 40) {
      b.append("...(").append(value.length()).append(" chars #")
          .append(Integer.toHexString(value.hashCode())).append(')');
    }
    return b.toString();
  }

  /** The id rules, stated independently of the engine: RELIABILITY D6. */
  static final class Ids {
    private Ids() {}

    static boolean valid(String value) {
      if (value == null) {
        return false;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          return false;
        }
      }
      if (value.codePoints().anyMatch(cp -> Character.getType(cp) == Character.CONTROL)) {
        return false;
      }
      String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
      if (nfc.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
          || Character.getType(cp) == Character.FORMAT || cp == 0x2800)) {
        return false;
      }
      return nfc.codePointCount(0, nfc.length()) <= 255;
    }
  }
}
