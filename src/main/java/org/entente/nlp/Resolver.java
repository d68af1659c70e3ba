package org.entente.nlp;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.entente.kb.Country;
import org.entente.kb.KnowledgeBase;
import org.entente.kb.LeaderTerm;
import org.entente.kb.Surface;
import org.entente.kb.Surface.Kind;
import org.entente.kb.Surface.MatchKind;
import org.entente.nlp.SentenceSplitter.Span;

/**
 * Turns candidate spans into mentions with one set of rules, whatever engine proposed them.
 *
 * <ol>
 *   <li><b>Boundaries and case.</b> A candidate must start and end on word boundaries and match a
 *       surface form exactly as written ("china" the porcelain and "turkey" the bird are not
 *       countries); in an all-capitals sentence (wire headlines) it matches the upper-cased form,
 *       except two-letter abbreviations ("US" could be "us").</li>
 *   <li><b>Longest match wins.</b> Overlapping candidates: the leftmost, then the longest, is kept
 *       ("Papua New Guinea", "South Sudan", "Dominican Republic"); blocking phrases ("New
 *       Mexico", "Indian Ocean", "Washington Post") win the same way and mention nothing.</li>
 *   <li><b>Places and institutions.</b> A major city or region ("Houston", "Bavaria") or an
 *       institution that stands for a state ("the Kremlin", "Wall Street") is a mention of the
 *       country, with {@code match_kind} PLACE or INSTITUTION so that queries can leave them out;
 *       annotate {@code --no-places} does not look for them.</li>
 *   <li><b>Countries on the date.</b> A name of a state that did not exist on the article's date
 *       resolves to the former state it succeeded ("Russian" in 1987 is the Soviet Union).</li>
 *   <li><b>Ambiguous words need evidence</b> ({@link #AMBIGUOUS}): Georgia, Jordan, Chad, Turkey,
 *       Guinea, Niger, Jersey, Dominica and the demonym Georgian count only when the article
 *       also names the country another way (its capital, another name, a demonym, a cue word
 *       such as "Caucasus", or a leader in office), or lists it with other countries ("Egypt,
 *       Jordan and Iraq"); Jordan and Chad next to a capitalised name are people ("Jim Jordan").
 *       "China" after "bone"/"fine"/"porcelain" is porcelain. Washington is the US government
 *       only as an actor: followed by a verb of saying or deciding ("Washington warned"),
 *       possessive, or paired with another country or capital; otherwise it is the city.</li>
 *   <li><b>Leaders on the date.</b> A full name or alias resolves to that leader, a surname
 *       (optionally after a title: "President Xi") to the one leader with that surname in office
 *       on the article's date; if the article names another person with that surname in full
 *       ("Hunter Biden", "Boris Johnson" in 2023), or two leaders in office share it, nothing.
 *       Surnames that are ordinary words (May, Major, Brown, Moon, Park, ...) need a title or
 *       the full name in the article. Nobody out of office on the date is a leader mention.</li>
 *   <li><b>Role phrases</b> ("the Russian president", "China's premier", "Prime Minister of
 *       India") resolve to the one holder of that title in that country on the date; not after
 *       "former", "ex-", "late", "then", "future", "incoming", "deputy", "vice"; not before
 *       "-elect"; and not when a name follows ("Russian President Vladimir Putin": the name
 *       speaks for itself). The country inside a role phrase is a mention too.</li>
 * </ol>
 */
public final class Resolver implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Country surfaces that count only with evidence, with extra cue words per country. */
  static final Map<String, String> AMBIGUOUS = Map.of(
      "Georgia", "GEO", "Georgian", "GEO", "Georgians", "GEO", "Jordan", "JOR", "Chad", "TCD",
      "Turkey", "TUR", "Guinea", "GIN", "Niger", "NER", "Jersey", "JEY", "Dominica", "DMA");
  static final Map<String, List<String>> CUES = Map.of(
      "GEO", List.of("Caucasus", "Abkhazia", "South Ossetia", "Georgian Dream", "Batumi", "Kutaisi"),
      "JOR", List.of("Hashemite", "King Abdullah", "Aqaba", "Zarqa"),
      "TCD", List.of("N'Djamena", "Ndjamena", "Sahel", "Lake Chad"),
      "TUR", List.of("Istanbul", "Anatolia", "Bosphorus", "lira", "Izmir", "Kurdish"),
      "GIN", List.of("Conakry", "bauxite", "West Africa", "ECOWAS"),
      "NER", List.of("Niamey", "Sahel", "ECOWAS", "junta", "West Africa", "uranium"),
      "JEY", List.of("Channel Islands", "St Helier", "Bailiwick"),
      "DMA", List.of("Roseau", "Caribbean", "Eastern Caribbean"));
  static final Set<String> PERSON_NAME_RISK = Set.of("Jordan", "Chad", "Georgia");
  static final Set<String> COMMON_WORD_SURNAMES = Set.of(
      "May", "Major", "Brown", "Fox", "Rice", "Law", "Hope", "Young", "Park", "Moon", "Green", "King",
      "Ford", "Little", "Long", "Hill", "Grant", "Bird", "Rock", "Frost", "Wolf", "Love", "Best",
      "Church", "White", "Black", "Gray", "Grey", "Price", "Bush", "Mills",
      // Days and months: "on Friday" is not St Vincent's Godwin Friday.
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
      "March", "April", "June", "July", "August", "September", "October", "November", "December");
  static final Set<String> NOT_A_ROLE_BEFORE = Set.of(
      "former", "ex", "late", "then", "future", "incoming", "deputy", "vice", "first", "would-be",
      "erstwhile", "previous", "next", "onetime", "one-time", "assistant");
  static final Set<String> TITLE_WORDS = Set.of(
      "president", "prime", "minister", "premier", "chancellor", "king", "queen", "emir", "crown",
      "prince", "princess", "supreme", "leader", "general", "secretary", "chairman", "sheikh", "sultan",
      "ayatollah", "mr", "mrs", "ms", "dr", "pm", "gen", "marshal", "taoiseach", "emperor", "president-elect",
      "acting", "interim", "caretaker", "monsieur", "madame", "sir", "dame", "lord", "lady", "colonel",
      "col", "field", "minister-president", "pres", "his", "her", "majesty");
  static final Pattern ACTOR_VERB = Pattern.compile(
      "^(?:'s\\b|’s\\b|\\s+(?:has|have|had|is|was|will|would|could|should|may|might|must|said|says|say"
          + "|warned|warns|wants|wanted|announced|announces|imposed|imposes|urged|urges|accused|accuses"
          + "|rejected|rejects|responded|responds|called|calls|insisted|insists|believes|believed|hopes"
          + "|plans|planned|sees|saw|signed|signs|agreed|agrees|approved|approves|refused|refuses"
          + "|threatened|threatens|demanded|demands|pledged|pledges|vowed|vows|condemned|condemns"
          + "|welcomed|welcomes|expects|expected|fears|feared|sanctioned|criticised|criticized|criticises"
          + "|criticizes|denied|denies|confirmed|confirms|told|tells|added|sent|sends|offered|offers"
          + "|declined|declines|pushed|pushes|pressed|presses|blamed|blames|backed|backs|supports"
          + "|supported|opposes|opposed|considers|considered|hit|hits|struck|slapped|retaliated"
          + "|moved|moves|sought|seeks|intends|intended|and|,))");

  private final KnowledgeBase kb;
  /** Lower-cased surface form to the surface forms as written. */
  private final Map<String, List<String>> variants = new HashMap<>();
  /** Lower-cased titles any leader holds, longest first. */
  private final List<String> allTitles;

  public Resolver(KnowledgeBase kb) {
    this.kb = kb;
    for (String s : kb.surfaces().keySet()) {
      variants.computeIfAbsent(lower(s), k -> new ArrayList<>()).add(s);
    }
    Set<String> titles = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
        .thenComparing(Comparator.naturalOrder()));
    for (String c : kb.countries().keySet()) {
      titles.addAll(kb.titles(c));
    }
    allTitles = new ArrayList<>(titles);
  }

  /** Every lower-cased surface form: the patterns an engine must find. */
  public static Set<String> surfaceKeys(KnowledgeBase kb) {
    Set<String> keys = new LinkedHashSet<>();
    for (String s : kb.surfaces().keySet()) {
      keys.add(lower(s));
    }
    return keys;
  }

  /** Lower case, one char for one char (so that offsets stay valid). */
  public static String lower(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] = Character.toLowerCase(c[i]);
    }
    return new String(c);
  }

  /** One part of an article to resolve: its text, its sentences, and the engine's candidates. */
  public record Section(String name, String text, List<Span> sentences, int firstSentenceIndex,
      List<int[]> candidates) {}

  /** A candidate that survived boundaries, case and overlaps. */
  private record Pick(Section section, int start, int end, String surface, List<Surface> meanings,
      Capitals capitals) {}

  /**
   * Whether an offset of one section is in capitals: the sentence holding it is written in
   * capitals (a wire headline), or it is in a dateline ("LONDON, March 2 - ..."). The dateline
   * is found once per section, each sentence's letters counted once.
   */
  private static final class Capitals {
    private final String text;
    private final List<Span> sentences;
    private final int dash;
    private final boolean dateline;
    /** Per sentence (and one more for offsets in none): 0 not computed, 1 no, 2 yes. */
    private final byte[] known;

    Capitals(Section s) {
      text = s.text();
      sentences = s.sentences();
      dash = text.indexOf(" - ");
      dateline = dash > 0 && dash < 80 && text.lastIndexOf('\n', dash) < 0;
      known = new byte[sentences.size() + 1];
    }

    boolean at(int pos) {
      if (dateline && pos < dash) {
        return true;
      }
      int k = sentences.size();
      int from = 0;
      int to = text.length();
      for (int i = 0; i < sentences.size(); i++) {
        Span sp = sentences.get(i);
        if (pos >= sp.start() && pos < sp.end()) {
          k = i;
          from = sp.start();
          to = sp.end();
          break;
        }
      }
      if (known[k] == 0) {
        known[k] = (byte) (capitalised(text, from, to) ? 2 : 1);
      }
      return known[k] == 2;
    }
  }

  /** The mentions of an article dated {@code date}. */
  public List<Mention> resolve(LocalDate date, List<Section> sections) {
    List<Pick> picks = new ArrayList<>();
    for (Section s : sections) {
      picks.addAll(select(s));
    }
    String whole = String.join("\n", sections.stream().map(Section::text).toList());

    // Leaders named in full (in office or not) and leaders' surnames: context for surnames.
    Map<String, Set<String>> namedBySurname = new HashMap<>();
    for (Pick p : picks) {
      for (Surface m : p.meanings()) {
        if (m.kind() == Kind.LEADER) {
          for (LeaderTerm t : kb.terms(m.target())) {
            if (t.surname() != null) {
              namedBySurname.computeIfAbsent(t.surname(), k -> new LinkedHashSet<>()).add(m.target());
            }
          }
        }
      }
    }

    List<Mention> out = new ArrayList<>();
    Map<Pick, String> countryOf = new LinkedHashMap<>();
    List<Pick> ambiguous = new ArrayList<>();
    Set<String> evidence = new HashSet<>();
    for (Pick p : picks) {
      if (has(p, Kind.BLOCK)) {
        continue;
      }
      if (has(p, Kind.LEADER)) {
        Mention m = leaderByName(p, date);
        if (m != null) {
          out.add(m);
          evidence.add(m.countryCode());
        }
        continue;
      }
      if (has(p, Kind.COUNTRY)) {
        String c = country(p, date);
        if (c == null || porcelain(p) || personLikeCapital(p)) {
          continue;
        }
        if (AMBIGUOUS.containsKey(p.surface()) || isWashington(p)) {
          ambiguous.add(p);
          countryOf.put(p, c);
        } else {
          countryOf.put(p, c);
          evidence.add(c);
          out.add(countryMention(p, c));
        }
        continue;
      }
      if (has(p, Kind.SURNAME)) {
        Mention m = leaderBySurname(p, date, namedBySurname, whole);
        if (m != null) {
          out.add(m);
          evidence.add(m.countryCode());
        }
      }
    }
    for (Pick p : ambiguous) {
      String c = countryOf.get(p);
      if (accepted(p, c, whole, evidence, countryOf)) {
        out.add(countryMention(p, c));
      } else {
        countryOf.remove(p);
      }
    }
    out.addAll(roles(countryOf, date));
    out.sort(Comparator.comparing(Mention::sentenceIndex).thenComparing(Mention::section)
        .thenComparingInt(Mention::begin).thenComparingInt(Mention::end).thenComparing(Mention::entityId));
    return out;
  }

  // ---- selection: boundaries, case, longest match ----

  private List<Pick> select(Section s) {
    String text = s.text();
    List<Pick> all = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Capitals capitals = new Capitals(s);
    for (int[] c : s.candidates()) {
      int start = c[0];
      int end = c[1];
      if (!seen.add(((long) start << 32) | end) || !boundary(text, start, end)) {
        continue;
      }
      String found = text.substring(start, end);
      List<String> forms = variants.get(lower(found));
      if (forms == null) {
        continue;
      }
      List<Surface> meanings = new ArrayList<>();
      String matched = null;
      boolean upper = capitals.at(start);
      for (String f : forms) {
        boolean asWritten = f.equals(found) && !(upper && f.equals("US"));
        if (asWritten || (upper && f.length() > 2 && f.toUpperCase(Locale.ROOT).equals(found))) {
          meanings.addAll(kb.surfaces().get(f));
          matched = matched == null ? f : matched;
        }
      }
      if (!meanings.isEmpty()) {
        all.add(new Pick(s, start, end, matched, meanings, capitals));
      }
    }
    all.sort(Comparator.comparingInt(Pick::start).thenComparing(Comparator.comparingInt(Pick::end).reversed()));
    List<Pick> kept = new ArrayList<>();
    int reach = -1;
    for (Pick p : all) {
      if (p.start() >= reach) {
        kept.add(p);
        reach = p.end();
      }
    }
    return kept;
  }

  static boolean boundary(String text, int start, int end) {
    if (start > 0 && isWordChar(text.charAt(start - 1))) {
      return false;
    }
    if (end < text.length() && isWordChar(text.charAt(end)) && isWordChar(text.charAt(end - 1))) {
      return false;
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c);
  }

  /** True when eight letters or more lie in {@code text[from, to)}, 80% of them capitals. */
  private static boolean capitalised(String text, int from, int to) {
    int letters = 0;
    int upper = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 8 && upper * 10 >= letters * 8;
  }

  // ---- countries ----

  private static boolean has(Pick p, Kind k) {
    for (Surface s : p.meanings()) {
      if (s.kind() == k) {
        return true;
      }
    }
    return false;
  }

  /** The country a country pick stands for on the date (null if it is ambiguous between states). */
  private String country(Pick p, LocalDate date) {
    Set<String> ids = new LinkedHashSet<>();
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.COUNTRY) {
        ids.add(kb.countryOn(s.target(), date));
      }
    }
    if (ids.size() > 1) {
      Set<String> existing = new LinkedHashSet<>();
      for (String id : ids) {
        Country c = kb.country(id);
        if (c != null && c.existsOn(date)) {
          existing.add(id);
        }
      }
      ids = existing;
    }
    return ids.size() == 1 ? ids.iterator().next() : null;
  }

  private Mention countryMention(Pick p, String country) {
    MatchKind mk = null;
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.COUNTRY) {
        mk = better(mk, s.matchKind());
      }
    }
    return new Mention(p.section().name(), sentence(p.section(), p.start()), country, Mention.COUNTRY,
        country, p.section().text().substring(p.start(), p.end()), p.start(), p.end(), mk.name());
  }

  /** The more specific of two ways of matching (NAME before ALIAS before DEMONYM ...). */
  private static MatchKind better(MatchKind a, MatchKind b) {
    return a == null || b.ordinal() < a.ordinal() ? b : a;
  }

  /**
   * A capital or city used as part of a person's name: after a capitalised word ("Alec Douglas",
   * "George Washington", "Kobe Bryant" is caught by the word after) or before a hyphenated
   * capitalised part ("Douglas-Home").
   */
  private boolean personLikeCapital(Pick p) {
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.COUNTRY && s.matchKind() != MatchKind.CAPITAL && s.matchKind() != MatchKind.PLACE) {
        return false;
      }
    }
    String text = p.section().text();
    String before = tokenBefore(text, p.start());
    if (Character.isUpperCase(first(before)) && !isTitleOrFunction(before) && !countryWord(before)
        && !p.capitals().at(p.start())) {
      return true;
    }
    return p.end() + 1 < text.length() && text.charAt(p.end()) == '-'
        && Character.isUpperCase(text.charAt(p.end() + 1));
  }

  private static boolean placeOnly(Pick p) {
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.COUNTRY && s.matchKind() != MatchKind.PLACE && s.matchKind() != MatchKind.INSTITUTION) {
        return false;
      }
    }
    return true;
  }

  /** "bone china", "fine china" in capitals. */
  private static boolean porcelain(Pick p) {
    return p.surface().equals("China") && Set.of("bone", "fine", "porcelain")
        .contains(tokenBefore(p.section().text(), p.start()).toLowerCase(Locale.ROOT));
  }

  private boolean isWashington(Pick p) {
    return p.surface().startsWith("Washington");
  }

  private boolean accepted(Pick p, String country, String whole, Set<String> evidence,
      Map<Pick, String> countryOf) {
    String text = p.section().text();
    String before = tokenBefore(text, p.start());
    String after = tokenAfter(text, p.end());
    boolean coordinated = coordinated(p, countryOf);
    if (isWashington(p)) {
      if (Character.isUpperCase(first(before)) && !isTitleOrFunction(before) && !countryWord(before)) {
        return false; // George Washington, Denzel Washington
      }
      return coordinated || ACTOR_VERB.matcher(text).region(p.end(), text.length()).lookingAt()
          || text.startsWith(" and ", p.end()) || endsWithBetween(text, p.start());
    }
    if (PERSON_NAME_RISK.contains(p.surface())) {
      boolean nameBefore = Character.isUpperCase(first(before)) && !isTitleOrFunction(before)
          && !countryWord(before);
      boolean nameAfter = Character.isUpperCase(first(after)) && !isTitleOrFunction(after)
          && !countryWord(after) && !text.startsWith("'", p.end()) && !text.startsWith("’", p.end());
      if (nameBefore || nameAfter) {
        return false;
      }
    }
    if (coordinated || evidence.contains(country)) {
      return true;
    }
    for (String cue : CUES.getOrDefault(country, List.of())) {
      if (whole.contains(cue)) {
        return true;
      }
    }
    return false;
  }

  private boolean countryWord(String token) {
    return kb.surfaces().containsKey(token);
  }

  /**
   * True when another country named as a country (not a city or region) in the same sentence is
   * joined to this one by , / and / or: "Ukraine, Georgia and Moldova". A list of US states
   * ("Wisconsin and Georgia") is not: places never count as the other member.
   */
  private boolean coordinated(Pick p, Map<Pick, String> countryOf) {
    String text = p.section().text();
    for (Map.Entry<Pick, String> e : countryOf.entrySet()) {
      Pick o = e.getKey();
      if (o == p || o.section() != p.section() || AMBIGUOUS.containsKey(o.surface()) && o.surface().equals(p.surface())
          || placeOnly(o)) {
        continue;
      }
      String between = o.end() <= p.start() ? text.substring(o.end(), p.start())
          : p.end() <= o.start() ? text.substring(p.end(), o.start()) : null;
      if (between != null && JOINER.matcher(between).matches()) {
        return true;
      }
    }
    return false;
  }

  private static final Pattern JOINER = Pattern.compile("\\s*(,|and|or|&|, and|, or|/|-|–)\\s*(the\\s+)?");
  private static final Pattern BETWEEN = Pattern.compile("(?s).*\\bbetween\\s+\\S+(\\s+\\S+)?\\s+and\\s+$");

  private static boolean endsWithBetween(String text, int start) {
    String head = text.substring(Math.max(0, start - 60), start);
    return BETWEEN.matcher(head).matches();
  }

  // ---- leaders ----

  private Mention leaderByName(Pick p, LocalDate date) {
    Set<String> inOffice = new LinkedHashSet<>();
    String country = null;
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.LEADER) {
        LeaderTerm t = kb.termOn(s.target(), date);
        if (t != null) {
          inOffice.add(s.target());
          country = t.country();
        }
      }
    }
    if (inOffice.size() != 1) {
      return null;
    }
    MatchKind mk = null;
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.LEADER && s.target().equals(inOffice.iterator().next())) {
        mk = better(mk, s.matchKind());
      }
    }
    return new Mention(p.section().name(), sentence(p.section(), p.start()), inOffice.iterator().next(),
        Mention.LEADER, country, p.section().text().substring(p.start(), p.end()), p.start(), p.end(), mk.name());
  }

  private Mention leaderBySurname(Pick p, LocalDate date, Map<String, Set<String>> namedBySurname,
      String whole) {
    String text = p.section().text();
    String surname = p.surface();
    String before = tokenBefore(text, p.start());
    boolean titled = TITLE_WORDS.contains(before.toLowerCase(Locale.ROOT));
    if (Character.isUpperCase(first(before)) && !isTitleOrFunction(before) && !countryWord(before)) {
      return null; // another person: "Hunter Biden", "Melania Trump"
    }
    Set<String> named = namedBySurname.get(surname);
    List<String> candidates = new ArrayList<>();
    for (Surface s : p.meanings()) {
      if (s.kind() == Kind.SURNAME && kb.termOn(s.target(), date) != null && !candidates.contains(s.target())) {
        candidates.add(s.target());
      }
    }
    if (named != null) {
      candidates.retainAll(named);
      if (candidates.isEmpty()) {
        return null; // the surname belongs to someone named in full who is not in office
      }
    } else if (COMMON_WORD_SURNAMES.contains(surname) && !titled) {
      return null;
    } else if (otherPersonNamed(whole, surname)) {
      return null; // "Kamala Harris ... Harris said": not Ireland's Simon Harris
    }
    if (candidates.size() > 1 && titled) {
      String title = titleBefore(text, p.start());
      if (title != null) {
        candidates.removeIf(id -> !kb.termOn(id, date).hasTitle(title));
      }
    }
    if (candidates.size() != 1) {
      return null;
    }
    LeaderTerm t = kb.termOn(candidates.get(0), date);
    return new Mention(p.section().name(), sentence(p.section(), p.start()), t.leaderId(), Mention.LEADER,
        t.country(), text.substring(p.start(), p.end()), p.start(), p.end(), MatchKind.SURNAME.name());
  }

  /** True when the text names someone else with this surname ("Kamala Harris", "Hunter Biden"). */
  private boolean otherPersonNamed(String whole, String surname) {
    int from = 0;
    int at;
    while ((at = whole.indexOf(surname, from)) >= 0) {
      from = at + surname.length();
      if (!boundary(whole, at, from)) {
        continue;
      }
      String before = tokenBefore(whole, at);
      if (Character.isUpperCase(first(before)) && !isTitleOrFunction(before) && !countryWord(before)) {
        return true;
      }
    }
    return false;
  }

  private String titleBefore(String text, int pos) {
    String head = lower(text.substring(Math.max(0, pos - 40), pos)).stripTrailing();
    for (String t : allTitles) {
      if (head.endsWith(t)) {
        return t;
      }
    }
    return null;
  }

  // ---- role phrases ----

  private static final Pattern POSSESSIVE = Pattern.compile("^(?:'s|’s)\\s+");
  private static final Pattern OF_COUNTRY = Pattern.compile("(?:^|[^\\p{L}])([\\p{L} ]+?) of (?:the )?$");

  private List<Mention> roles(Map<Pick, String> countryOf, LocalDate date) {
    List<Mention> out = new ArrayList<>();
    for (Map.Entry<Pick, String> e : countryOf.entrySet()) {
      Pick p = e.getKey();
      String country = e.getValue();
      boolean capital = true;
      for (Surface s : p.meanings()) {
        if (s.kind() == Kind.COUNTRY && (s.matchKind() == MatchKind.NAME || s.matchKind() == MatchKind.ALIAS
            || s.matchKind() == MatchKind.DEMONYM)) {
          capital = false;
        }
      }
      if (capital) {
        continue;
      }
      Set<String> titles = kb.titles(country);
      if (titles.isEmpty()) {
        continue;
      }
      String text = p.section().text();
      // "Russian president", "Britain's prime minister"
      int at = p.end();
      Matcher poss = POSSESSIVE.matcher(text).region(at, text.length());
      if (poss.lookingAt()) {
        at = poss.end();
      } else if (at < text.length() && text.charAt(at) == ' ') {
        at += 1;
      } else {
        at = -1;
      }
      if (at > 0) {
        for (String t : titles) {
          if (text.regionMatches(true, at, t, 0, t.length()) && roleEnd(text, at + t.length())
              && !nameFollows(text, at + t.length())) {
            Mention m = role(p.section(), p.start(), at + t.length(), country, t, date);
            if (m != null) {
              out.add(m);
            }
            break;
          }
        }
      }
      // "Prime Minister of India", "the King of Jordan"
      String head = lower(text.substring(Math.max(0, p.start() - 60), p.start()));
      int headOffset = Math.max(0, p.start() - 60);
      Matcher of = OF_COUNTRY.matcher(head);
      if (of.find()) {
        String phrase = of.group(1);
        for (String t : titles) {
          if (phrase.endsWith(t) && (phrase.length() == t.length() || phrase.charAt(phrase.length() - t.length() - 1) == ' ')) {
            int start = headOffset + of.end(1) - t.length();
            Mention m = role(p.section(), start, p.end(), country, t, date);
            if (m != null) {
              out.add(m);
            }
            break;
          }
        }
      }
    }
    return out;
  }

  private static List<String> sortedLongestFirst(Set<String> titles) {
    List<String> l = new ArrayList<>(titles);
    l.sort(Comparator.comparingInt(String::length).reversed());
    return l;
  }

  private static boolean roleEnd(String text, int end) {
    if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
      return false;
    }
    return !text.startsWith("-elect", end) && !text.startsWith("-designate", end);
  }

  /** True when a capitalised name follows the title ("President Vladimir Putin"). */
  private boolean nameFollows(String text, int end) {
    if (end + 1 >= text.length() || text.charAt(end) != ' ') {
      return false;
    }
    char c = text.charAt(end + 1);
    if (!Character.isUpperCase(c)) {
      return false;
    }
    String next = tokenAfter(text, end);
    return !isTitleOrFunction(next);
  }

  private Mention role(Section s, int start, int end, String country, String title, LocalDate date) {
    String text = s.text();
    String before = tokenBefore(text, start).toLowerCase(Locale.ROOT);
    if (NOT_A_ROLE_BEFORE.contains(before) || (start >= 3 && lower(text.substring(start - 3, start)).equals("ex-"))) {
      return null;
    }
    List<LeaderTerm> holders = kb.holders(country, title, date);
    if (holders.size() != 1) {
      return null;
    }
    LeaderTerm t = holders.get(0);
    return new Mention(s.name(), sentence(s, start), t.leaderId(), Mention.LEADER, t.country(),
        text.substring(start, end), start, end, MatchKind.ROLE.name());
  }

  // ---- text helpers ----

  static int sentence(Section s, int pos) {
    List<Span> spans = s.sentences();
    for (int i = 0; i < spans.size(); i++) {
      if (pos < spans.get(i).end()) {
        return s.firstSentenceIndex() + i;
      }
    }
    return s.firstSentenceIndex() + Math.max(0, spans.size() - 1);
  }

  /**
   * The word just before {@code pos} across one run of spaces, or "" when punctuation intervenes
   * ("Jinping. Putin" gives ""); "Mr." and other title abbreviations give the title.
   */
  static String tokenBefore(String text, int pos) {
    int e = pos;
    while (e > 0 && text.charAt(e - 1) == ' ') {
      e--;
    }
    if (e == pos && pos > 0 && text.charAt(pos - 1) != ' ') {
      return "";
    }
    int s = e;
    while (s > 0 && (Character.isLetterOrDigit(text.charAt(s - 1)) || text.charAt(s - 1) == '.'
        || text.charAt(s - 1) == '-' || text.charAt(s - 1) == '\'')) {
      s--;
    }
    String t = text.substring(s, e);
    if (t.endsWith(".")) {
      String w = t.substring(0, t.length() - 1);
      return TITLE_WORDS.contains(w.toLowerCase(Locale.ROOT)) ? w : "";
    }
    return t;
  }

  static String tokenAfter(String text, int pos) {
    int s = pos;
    if (s < text.length() && text.charAt(s) == ' ') {
      s++;
    } else {
      return "";
    }
    int e = s;
    while (e < text.length() && (Character.isLetterOrDigit(text.charAt(e)) || text.charAt(e) == '-')) {
      e++;
    }
    return text.substring(s, e);
  }

  private static char first(String s) {
    return s.isEmpty() ? ' ' : s.charAt(0);
  }

  private static final Set<String> FUNCTION = Set.of(
      "the", "a", "an", "in", "on", "at", "of", "to", "and", "or", "but", "for", "from", "with", "by",
      "as", "if", "when", "while", "after", "before", "since", "that", "this", "these", "those",
      "said", "says", "told", "meanwhile", "both", "neither", "nor", "between", "across", "into",
      "over", "under", "about", "against", "among", "via", "per", "than", "then", "yet", "so", "why",
      "how", "where", "what", "which", "who", "whom", "whose", "it", "its", "his", "her", "their",
      "our", "we", "they", "he", "she", "i", "you", "is", "was", "are", "were", "be", "has", "had",
      "have", "will", "would", "can", "could", "should", "may", "might", "must", "do", "did", "does",
      "not", "no", "yes", "all", "some", "many", "most", "more", "few", "each", "every", "other",
      "another", "such", "only", "also", "even", "still", "just", "now", "here", "there", "today",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "north", "south",
      "east", "west", "central", "western", "eastern", "northern", "southern", "new", "old",
      "yesterday", "earlier", "later", "last", "separately", "however", "instead", "once", "already",
      "though", "although", "because", "until", "unless", "whether", "during", "without", "within",
      "like", "unlike", "despite", "including", "officials", "minister", "ministers");

  private static boolean isTitleOrFunction(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    return t.isEmpty() || FUNCTION.contains(t) || TITLE_WORDS.contains(t);
  }


}
