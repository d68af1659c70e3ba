package org.entente.kb;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.entente.kb.Surface.Kind;
import org.entente.kb.Surface.MatchKind;
import org.entente.util.Csv;
import org.entente.util.UserError;

/**
 * The knowledge base entity detection starts from: countries (with names, aliases, demonyms,
 * capitals, years of existence and successors), leaders' terms in office, and blocking phrases.
 * Loaded from the seed files bundled in the jar ({@code seeds/}) or from a folder given with
 * {@code --kb}: {@code countries.csv}, {@code leaders.csv}, {@code blocked_phrases.txt}.
 *
 * <p>Small (a few thousand rows): the whole object is shipped to executors by a broadcast.
 */
public final class KnowledgeBase implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String[] FILES = {"countries.csv", "leaders.csv", "blocked_phrases.txt", "places.csv"};

  private final Map<String, Country> countries;
  private final Map<String, List<LeaderTerm>> termsByLeader;
  private final Map<String, List<LeaderTerm>> termsByCountry;
  private final Map<String, List<Surface>> surfaces;
  private final Map<String, String> leaderNames;

  private KnowledgeBase(List<Country> countryList, List<LeaderTerm> terms, List<String> blocked,
      List<String[]> places) {
    countries = new LinkedHashMap<>();
    for (Country c : countryList) {
      countries.put(c.id(), c);
    }
    termsByLeader = new LinkedHashMap<>();
    termsByCountry = new HashMap<>();
    leaderNames = new HashMap<>();
    for (LeaderTerm t : terms) {
      termsByLeader.computeIfAbsent(t.leaderId(), k -> new ArrayList<>()).add(t);
      termsByCountry.computeIfAbsent(t.country(), k -> new ArrayList<>()).add(t);
      leaderNames.putIfAbsent(t.leaderId(), t.fullName());
    }
    surfaces = new HashMap<>();
    for (Country c : countryList) {
      add(c.name(), Kind.COUNTRY, c.id(), MatchKind.NAME);
      add(c.officialName(), Kind.COUNTRY, c.id(), MatchKind.NAME);
      c.aliases().forEach(a -> add(a, Kind.COUNTRY, c.id(), MatchKind.ALIAS));
      c.demonyms().forEach(d -> add(d, Kind.COUNTRY, c.id(), MatchKind.DEMONYM));
      add(c.capital(), Kind.COUNTRY, c.id(), MatchKind.CAPITAL);
      c.capitalAliases().forEach(a -> add(a, Kind.COUNTRY, c.id(), MatchKind.CAPITAL));
    }
    for (LeaderTerm t : terms) {
      add(t.fullName(), Kind.LEADER, t.leaderId(), MatchKind.NAME);
      t.aliases().forEach(a -> add(a, Kind.LEADER, t.leaderId(), MatchKind.ALIAS));
      add(t.surname(), Kind.SURNAME, t.leaderId(), MatchKind.SURNAME);
    }
    for (String b : blocked) {
      add(b, Kind.BLOCK, null, null);
    }
    for (String[] pl : places) {
      add(pl[0], Kind.COUNTRY, pl[1], pl[2].equals("institution") ? MatchKind.INSTITUTION : MatchKind.PLACE);
    }
  }

  private void add(String text, Kind kind, String target, MatchKind mk) {
    if (text == null || text.isBlank()) {
      return;
    }
    Surface s = new Surface(kind, target, mk);
    for (String form : spellings(text.strip())) {
      List<Surface> list = surfaces.computeIfAbsent(form, k -> new ArrayList<>());
      if (!list.contains(s)) {
        list.add(s);
      }
    }
  }

  /**
   * A surface form and the spellings wire copy uses for it: without diacritics ("Erdogan"),
   * German umlauts as two letters ("Schlueter"), straight or curly apostrophes.
   */
  static Set<String> spellings(String form) {
    Set<String> out = new LinkedHashSet<>();
    out.add(form);
    String plain = java.text.Normalizer.normalize(form.replace("ß", "ss").replace("ø", "o").replace("Ø", "O")
            .replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ı", "i")
            .replace("æ", "ae").replace("Æ", "Ae").replace("œ", "oe").replace("ð", "d").replace("þ", "th"),
        java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    out.add(plain);
    if (form.matches(".*[äöüÄÖÜ].*")) {
      out.add(java.text.Normalizer.normalize(form.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
          .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue"), java.text.Normalizer.Form.NFD)
          .replaceAll("\\p{M}+", ""));
    }
    for (String f : new ArrayList<>(out)) {
      if (f.indexOf('’') >= 0) {
        out.add(f.replace('’', '\''));
      } else if (f.indexOf('\'') >= 0) {
        out.add(f.replace('\'', '’'));
      }
    }
    return out;
  }

  /** The bundled seeds, or the folder {@code dir} when not null, with cities and institutions. */
  public static KnowledgeBase load(String dir) {
    return load(dir, true);
  }

  /**
   * The bundled seeds, or the folder {@code dir} when not null; {@code places} false leaves out
   * {@code places.csv} (mentions of a country only by its names, demonyms and capital).
   */
  public static KnowledgeBase load(String dir, boolean places) {
    Map<String, String> files = new LinkedHashMap<>();
    for (String f : FILES) {
      if (f.equals("places.csv") && !places) {
        continue;
      }
      files.put(f, dir == null ? resource("seeds/" + f) : file(Path.of(dir), f));
    }
    return parse(files, dir == null ? "bundled seeds" : dir);
  }

  private static String resource(String name) {
    try (InputStream in = KnowledgeBase.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  private static String file(Path dir, String name) {
    Path p = dir.resolve(name);
    if (!Files.isRegularFile(p)) {
      if (name.endsWith(".txt") || name.equals("places.csv")) {
        return "";
      }
      throw new UserError("--kb " + dir + " has no " + name);
    }
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  /** Builds a knowledge base from file contents (file name to text). */
  public static KnowledgeBase parse(Map<String, String> files, String origin) {
    List<Country> countries = new ArrayList<>();
    for (Map<String, String> r : Csv.parse(files.get("countries.csv"), origin + "/countries.csv")) {
      countries.add(new Country(req(r, "iso3", "countries.csv"), r.get("iso2"), req(r, "name", "countries.csv"),
          r.get("official_name"), Csv.multi(r.get("aliases")), Csv.multi(r.get("demonyms")),
          blankToNull(r.get("capital")), Csv.multi(r.get("capital_aliases")), r.get("status"),
          year(r.get("from_year")), year(r.get("to_year")), Csv.multi(r.get("successor"))));
    }
    List<LeaderTerm> terms = new ArrayList<>();
    int line = 1;
    for (Map<String, String> r : Csv.parse(files.get("leaders.csv"), origin + "/leaders.csv")) {
      line++;
      String where = origin + "/leaders.csv record " + (line - 1);
      terms.add(new LeaderTerm(req(r, "leader_id", where), req(r, "country", where),
          new LinkedHashSet<>(Csv.multi(r.get("office"))), Csv.multi(r.get("title")),
          req(r, "full_name", where), Csv.multi(r.get("aliases")), blankToNull(r.get("surname")),
          date(req(r, "term_start", where), where), date(r.get("term_end"), where)));
    }
    List<String> blocked = new ArrayList<>();
    String b = files.getOrDefault("blocked_phrases.txt", "");
    for (String l : b.split("\n")) {
      String t = l.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        blocked.add(t);
      }
    }
    List<String[]> places = new ArrayList<>();
    String pl = files.getOrDefault("places.csv", "");
    if (!pl.isBlank()) {
      for (Map<String, String> r : Csv.parse(pl, origin + "/places.csv")) {
        String kind = r.getOrDefault("kind", "city").strip();
        places.add(new String[] {req(r, "surface", "places.csv"), req(r, "country", "places.csv"), kind});
      }
    }
    return new KnowledgeBase(countries, terms, blocked, places);
  }

  private static String req(Map<String, String> r, String col, String where) {
    String v = r.get(col);
    if (v == null || v.isBlank()) {
      throw new UserError(where + ": missing " + col);
    }
    return v.strip();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Integer year(String s) {
    return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
  }

  private static LocalDate date(String s, String where) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw new UserError(where + ": bad date '" + s + "'");
    }
  }

  public Map<String, Country> countries() {
    return Collections.unmodifiableMap(countries);
  }

  public Country country(String id) {
    return countries.get(id);
  }

  /** Every surface form with what it can refer to. */
  public Map<String, List<Surface>> surfaces() {
    return Collections.unmodifiableMap(surfaces);
  }

  public List<LeaderTerm> terms(String leaderId) {
    return termsByLeader.getOrDefault(leaderId, List.of());
  }

  public String leaderName(String leaderId) {
    return leaderNames.get(leaderId);
  }

  public Set<String> leaderIds() {
    return Collections.unmodifiableSet(termsByLeader.keySet());
  }

  /** The term of {@code leaderId} in office on {@code date}, or null. */
  public LeaderTerm termOn(String leaderId, LocalDate date) {
    for (LeaderTerm t : terms(leaderId)) {
      if (t.covers(date)) {
        return t;
      }
    }
    return null;
  }

  /** Office holders of {@code country} on {@code date} with {@code title}, distinct leaders. */
  public List<LeaderTerm> holders(String country, String title, LocalDate date) {
    Map<String, LeaderTerm> out = new LinkedHashMap<>();
    for (LeaderTerm t : termsByCountry.getOrDefault(country, List.of())) {
      if (t.covers(date) && t.hasTitle(title)) {
        out.putIfAbsent(t.leaderId(), t);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Every term of {@code country} covering {@code date}. */
  public List<LeaderTerm> holdersOn(String country, LocalDate date) {
    List<LeaderTerm> out = new ArrayList<>();
    for (LeaderTerm t : termsByCountry.getOrDefault(country, List.of())) {
      if (t.covers(date)) {
        out.add(t);
      }
    }
    return out;
  }

  private final Map<String, Set<String>> titleCache = new java.util.concurrent.ConcurrentHashMap<>();

  /** Every title any leader of {@code country} has held, lower-case, longest first. */
  public Set<String> titles(String country) {
    return titleCache.computeIfAbsent(country, c -> {
      List<String> out = new ArrayList<>();
      for (LeaderTerm t : termsByCountry.getOrDefault(c, List.of())) {
        for (String ti : t.titles()) {
          String x = ti.toLowerCase(Locale.ROOT).replaceFirst("^(acting|interim|caretaker) ", "");
          if (!out.contains(x)) {
            out.add(x);
          }
        }
      }
      out.sort(java.util.Comparator.comparingInt(String::length).reversed());
      return Collections.unmodifiableSet(new LinkedHashSet<>(out));
    });
  }

  /**
   * The entity a country mention stands for on {@code date}: the country itself if it existed,
   * else the former state it succeeded that existed then ("Russian" in 1987 is the Soviet Union).
   */
  public String countryOn(String id, LocalDate date) {
    Country c = countries.get(id);
    if (c == null || c.existsOn(date)) {
      return id;
    }
    for (Country f : countries.values()) {
      if (f.successors().contains(id) && f.existsOn(date)) {
        return f.id();
      }
    }
    return id;
  }
}
