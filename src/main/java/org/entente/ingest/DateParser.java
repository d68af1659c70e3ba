package org.entente.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the date forms news feeds use into UTC instants, strictly: an impossible calendar date
 * (30 February) is an error, not a roll-over.
 *
 * <p>Accepted: ISO 8601 dates and date-times with or without a zone ({@code 2023-08-22},
 * {@code 2023-08-22T14:05:00+02:00}, {@code 2023-08-22 14:05}, {@code 2023/08/22}); RFC 1123 /
 * RFC 822 ({@code Tue, 22 Oct 2024 08:15:00 GMT}, {@code +0000}, {@code EST}); day-month-year
 * with a month name ({@code 14 Mar 2023}, {@code 14 March 2023 09:30}, {@code 26-FEB-1987
 * 15:01:01.79}); month-day-year ({@code March 14, 2023}, {@code November 16, 2021 12:51 AM});
 * epoch seconds (up to 11 digits) and milliseconds (12 to 14 digits); {@code yyyyMMdd}; a year
 * alone ({@code 1987}, placed on a configurable month-day, 1 January by default) and a year-month
 * ({@code 2023-08}, the first of the month). A value without a zone is taken as UTC. Numeric
 * day/month forms such as {@code 03/04/2023} are refused as ambiguous.
 */
public final class DateParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The outcome of one parse: an instant or an error message. */
  public record Result(Instant instant, String error) implements Serializable {
    static Result ok(Instant i) {
      return new Result(i, null);
    }

    static Result fail(String e) {
      return new Result(null, e);
    }

    public boolean ok() {
      return instant != null;
    }
  }

  private static final String MONTHS =
      "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
  private static final String WEEKDAY =
      "(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+";
  private static final String ZONE =
      "(z|ut|utc|gmt|[a-z]{2,5}|[+-]\\d{2}(?::?\\d{2})?|(?:utc|gmt)[+-]\\d{1,2}(?::?\\d{2})?)";
  private static final String TIME =
      "(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?";

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[t ]+" + TIME + ")?\\s*" + ZONE + "?");
  private static final Pattern YEAR_MONTH = Pattern.compile("(\\d{4})-(\\d{1,2})");
  private static final Pattern DAY_MONTH_YEAR = Pattern.compile(
      "(?:" + WEEKDAY + ")?(\\d{1,2})(?:st|nd|rd|th)?[\\s-]+(" + MONTHS + ")\\.?,?[\\s-]+(\\d{2}|\\d{4})"
          + "(?:,?\\s+(?:at\\s+)?" + TIME + "\\s*(a\\.?m\\.?|p\\.?m\\.?)?)?\\s*" + ZONE + "?");
  private static final Pattern MONTH_DAY_YEAR = Pattern.compile(
      "(?:" + WEEKDAY + ")?(" + MONTHS + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"
          + "(?:,?\\s+(?:at\\s+)?" + TIME + "\\s*(a\\.?m\\.?|p\\.?m\\.?)?)?\\s*" + ZONE + "?");
  private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final Pattern AMBIGUOUS_NUMERIC = Pattern.compile("\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}.*");

  private static final Map<String, Integer> ZONE_HOURS = Map.ofEntries(
      Map.entry("z", 0), Map.entry("ut", 0), Map.entry("utc", 0), Map.entry("gmt", 0),
      Map.entry("est", -5), Map.entry("edt", -4), Map.entry("cst", -6), Map.entry("cdt", -5),
      Map.entry("mst", -7), Map.entry("mdt", -6), Map.entry("pst", -8), Map.entry("pdt", -7),
      Map.entry("bst", 1), Map.entry("cet", 1), Map.entry("cest", 2), Map.entry("eet", 2),
      Map.entry("eest", 3), Map.entry("msk", 3), Map.entry("ist", 5), Map.entry("jst", 9));

  private final MonthDay yearAnchor;

  /** A parser placing a year-only value on 1 January. */
  public DateParser() {
    this(MonthDay.of(1, 1));
  }

  /** A parser placing a year-only value on {@code yearAnchor} of that year. */
  public DateParser(MonthDay yearAnchor) {
    this.yearAnchor = yearAnchor;
  }

  public Result parse(String value) {
    if (value == null || value.isBlank()) {
      return Result.fail("no date");
    }
    String s = value.trim().toLowerCase(Locale.ROOT);
    try {
      Matcher m;
      if (DIGITS.matcher(s).matches()) {
        return numeric(s, value);
      }
      if ((m = ISO.matcher(s)).matches()) {
        LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
        return withTime(d, m, 4, -1, 8, value);
      }
      if ((m = YEAR_MONTH.matcher(s)).matches()) {
        return Result.ok(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1)
            .atStartOfDay().toInstant(ZoneOffset.UTC));
      }
      if ((m = DAY_MONTH_YEAR.matcher(s)).matches()) {
        LocalDate d = LocalDate.of(year(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
        return withTime(d, m, 4, 8, 9, value);
      }
      if ((m = MONTH_DAY_YEAR.matcher(s)).matches()) {
        LocalDate d = LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
        return withTime(d, m, 4, 8, 9, value);
      }
      if (AMBIGUOUS_NUMERIC.matcher(s).matches()) {
        return Result.fail("ambiguous date '" + value + "' (day/month order unknown; use ISO 8601)");
      }
      return Result.fail("unparseable date '" + value + "'");
    } catch (DateTimeException e) {
      return Result.fail("impossible date '" + value + "' (" + e.getMessage() + ")");
    }
  }

  private Result numeric(String s, String original) {
    if (s.length() == 4) {
      int year = Integer.parseInt(s);
      return Result.ok(LocalDate.of(year, yearAnchor.getMonthValue(), yearAnchor.getDayOfMonth())
          .atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    if (s.length() == 8 && !s.contains(".")) {
      LocalDate d = LocalDate.of(Integer.parseInt(s.substring(0, 4)),
          Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6, 8)));
      return Result.ok(d.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
    BigDecimal n = new BigDecimal(s);
    int intDigits = s.contains(".") ? s.indexOf('.') : s.length();
    if (intDigits >= 9 && intDigits <= 11) {
      return Result.ok(Instant.ofEpochMilli(n.movePointRight(3).longValue()));
    }
    if (intDigits >= 12 && intDigits <= 14) {
      return Result.ok(Instant.ofEpochMilli(n.longValue()));
    }
    return Result.fail("unparseable date '" + original + "' (a number that is neither a year,"
        + " yyyyMMdd, epoch seconds nor epoch milliseconds)");
  }

  private static Result withTime(LocalDate d, Matcher m, int hourGroup, int ampmGroup, int zoneGroup,
      String original) {
    LocalDateTime t = d.atStartOfDay();
    if (m.group(hourGroup) != null) {
      int hour = Integer.parseInt(m.group(hourGroup));
      if (ampmGroup > 0 && m.group(ampmGroup) != null) {
        if (hour < 1 || hour > 12) {
          throw new DateTimeException("hour " + hour + " with am/pm");
        }
        boolean pm = m.group(ampmGroup).startsWith("p");
        hour = hour % 12 + (pm ? 12 : 0);
      }
      int minute = Integer.parseInt(m.group(hourGroup + 1));
      int second = m.group(hourGroup + 2) == null ? 0 : Integer.parseInt(m.group(hourGroup + 2));
      int nanos = 0;
      if (m.group(hourGroup + 3) != null) {
        String frac = (m.group(hourGroup + 3) + "000000000").substring(0, 9);
        nanos = Integer.parseInt(frac);
      }
      t = d.atTime(hour, minute, second, nanos);
    }
    String zone = m.group(zoneGroup);
    ZoneOffset offset = ZoneOffset.UTC;
    if (zone != null) {
      offset = offset(zone);
      if (offset == null) {
        return Result.fail("unknown time zone '" + zone.toUpperCase(Locale.ROOT) + "' in date '" + original + "'");
      }
    }
    return Result.ok(t.toInstant(offset));
  }

  private static ZoneOffset offset(String zone) {
    Integer hours = ZONE_HOURS.get(zone);
    if (hours != null) {
      return ZoneOffset.ofHours(hours);
    }
    String z = zone.replaceFirst("^(utc|gmt)", "");
    if (z.matches("[+-]\\d{1,2}")) {
      return ZoneOffset.ofHours(Integer.parseInt(z));
    }
    if (z.matches("[+-]\\d{1,2}:?\\d{2}")) {
      String digits = z.substring(1).replace(":", "");
      int h = Integer.parseInt(digits.substring(0, digits.length() - 2));
      int min = Integer.parseInt(digits.substring(digits.length() - 2));
      int sign = z.charAt(0) == '-' ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
    }
    return null;
  }

  private static int year(String y) {
    int v = Integer.parseInt(y);
    if (y.length() == 2) {
      return v < 50 ? 2000 + v : 1900 + v;
    }
    return v;
  }

  private static int month(String name) {
    return switch (name.substring(0, 3)) {
      case "jan" -> 1;
      case "feb" -> 2;
      case "mar" -> 3;
      case "apr" -> 4;
      case "may" -> 5;
      case "jun" -> 6;
      case "jul" -> 7;
      case "aug" -> 8;
      case "sep" -> 9;
      case "oct" -> 10;
      case "nov" -> 11;
      case "dec" -> 12;
      default -> throw new DateTimeException("unknown month " + name);
    };
  }
}
