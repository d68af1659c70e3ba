package org.entente.generate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.entente.generate.EntityPool.Place;
import org.entente.generate.Templates.Template;
import org.entente.kb.LeaderTerm;

/**
 * Makes article number {@code index} of a corpus from the seed alone: its source, date, topic,
 * length, planted entities and text. The same (seed, index, date range, knowledge base) always
 * gives the same article, whatever thread makes it and whatever the file layout.
 *
 * <p>Shape: a headline (about half of the articles with entities name one or two of them in it),
 * then paragraphs of one to five sentences; the body's length in words is drawn from a
 * log-normal whose spread differs either side of the median (median 350, 5th percentile 80,
 * 95th 1,200); about 11% of articles name nothing, the rest one to six countries (popular ones more
 * often) and sometimes leaders in office on the article's date, each named one to three times.
 * Cost: about 20 microseconds for an article of 500 words, once the JIT has warmed up.
 */
final class ArticleFactory {
  /** One generated article with what was planted in it. */
  record Article(long index, String id, String articleId, String source, String url, String title, String text,
      LocalDate date, String publishedAt, String topic, List<String> entities, int mentions) {}

  static final String[] SOURCES = {
      "Meridian Wire", "The Harbour Ledger", "Northgate Post", "Evening Lantern", "Tidewater Courier",
      "Copperline Daily", "The Quarry Review"};
  private static final String[] SLUGS = new String[SOURCES.length];
  private static final String[] HOSTS = new String[SOURCES.length];

  static {
    for (int i = 0; i < SOURCES.length; i++) {
      SLUGS[i] = slug(SOURCES[i]);
      HOSTS[i] = SLUGS[i].replaceFirst("^the-", "") + ".example";
    }
  }

  /**
   * The source's part of the ingested {@code article_id}: ingest's slug (lower case, runs of
   * other characters as one hyphen) for the plain ASCII names above, without loading ingest's
   * Spark classes; a test checks the two agree.
   */
  static String slug(String source) {
    return source.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
  }

  static final int MEDIAN_WORDS = 350;
  /** Spread of ln(words) below and above the median: 5th percentile 80 words, 95th 1,200. */
  static final double SIGMA_LOW = Math.log(350.0 / 80.0) / 1.6448536269514722;
  static final double SIGMA_HIGH = Math.log(1200.0 / 350.0) / 1.6448536269514722;
  static final int MIN_WORDS = 40;
  static final int MAX_WORDS = 4000;
  /** Weights of 0, 1, 2, ... 6 countries in an article. */
  private static final int[] COUNTRY_COUNT = {12, 30, 25, 15, 9, 5, 4};
  private static final String[] ORDINALS = {"second", "third", "fourth", "fifth", "sixth"};

  private static final Template[][] TOPIC_SENTENCES = Templates.parseAll(Templates.TOPIC_SENTENCES);
  private static final Template[][] TOPIC_HEADLINES = Templates.parseAll(Templates.TOPIC_HEADLINES);
  private static final Template[] GENERAL = Templates.parseAll(Templates.GENERAL);
  private static final Template[] ONE_COUNTRY = Templates.parseAll(Templates.ONE_COUNTRY);
  private static final Template[] TWO_COUNTRIES = Templates.parseAll(Templates.TWO_COUNTRIES);
  private static final Template[] THREE_COUNTRIES = Templates.parseAll(Templates.THREE_COUNTRIES);
  private static final Template[] ONE_LEADER = Templates.parseAll(Templates.ONE_LEADER);
  private static final Template[] LEADER_AND_COUNTRY = Templates.parseAll(Templates.LEADER_AND_COUNTRY);
  private static final Template[] COUNTRY_HEADLINES = Templates.parseAll(Templates.COUNTRY_HEADLINES);
  private static final Template[] TWO_COUNTRY_HEADLINES = Templates.parseAll(Templates.TWO_COUNTRY_HEADLINES);
  private static final Template[] LEADER_HEADLINES = Templates.parseAll(Templates.LEADER_HEADLINES);

  private final EntityPool pool;
  private final long seed;
  private final LocalDate from;
  private final int days;

  ArticleFactory(EntityPool pool, long seed, LocalDate from, LocalDate to) {
    this.pool = pool;
    this.seed = seed;
    this.from = from;
    long d = ChronoUnit.DAYS.between(from, to) + 1;
    if (d > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("date range too long: " + from + " to " + to);
    }
    this.days = (int) d;
  }

  /** The id of article {@code index} in the input file ({@code article_id} after ingest is {@code <source slug>:<id>}). */
  static String id(long seed, long index) {
    String n = Long.toString(index);
    StringBuilder sb = new StringBuilder(24).append('s').append(seed).append('-');
    for (int i = n.length(); i < 10; i++) {
      sb.append('0');
    }
    return sb.append(n).toString();
  }

  Article make(long index) {
    return make(index, true);
  }

  /** Article {@code index}; with {@code plant} false, an article of that seed and index with nothing planted (tests). */
  Article make(long index, boolean plant) {
    Rng r = Rng.forArticle(seed, index);
    int s = r.nextInt(SOURCES.length);
    LocalDate date = from.plusDays(r.nextInt(days));
    int second = r.nextInt(86_400);
    int topic = r.nextInt(Templates.TOPICS.length);
    int words = length(r);

    List<Entity> entities = plant ? entities(r, date, words) : List.of();
    Entity[] slots = new Entity[4];
    int[] mentions = {0};

    // Headline.
    StringBuilder title = new StringBuilder(80);
    if (!entities.isEmpty() && r.chance(0.5)) {
      Entity first = entities.get(0);
      if (first.leader != null) {
        fill(r.pick(LEADER_HEADLINES), r, slots(slots, null, null, null, first), title, mentions);
      } else if (entities.size() > 1 && entities.get(1).leader == null && r.chance(0.35)) {
        fill(r.pick(TWO_COUNTRY_HEADLINES), r, slots(slots, first, entities.get(1), null, null), title, mentions);
      } else {
        fill(r.pick(COUNTRY_HEADLINES), r, slots(slots, first, null, null, null), title, mentions);
      }
    } else {
      fill(r.pick(TOPIC_HEADLINES[topic]), r, slots, title, mentions);
    }

    // Sentences naming the entities, each entity one to three times in all.
    int[] count = {0};
    List<String> named = entitySentences(r, entities, slots, mentions, count);
    // Filler up to the drawn length, then the entity sentences put in among it.
    List<String> sentences = new ArrayList<>();
    int total = count[0];
    StringBuilder sb = new StringBuilder(160);
    while (total < words) {
      sb.setLength(0);
      Template t = r.chance(0.75) ? r.pick(TOPIC_SENTENCES[topic]) : r.pick(GENERAL);
      total += fill(t, r, slots, sb, mentions);
      sentences.add(sb.toString());
    }
    for (int i = 0; i < named.size(); i++) {
      int at = i == 0 && r.chance(0.6) ? 0 : r.nextInt(sentences.size() + 1);
      sentences.add(at, named.get(i));
    }
    String text = paragraphs(r, sentences);

    String id = id(seed, index);
    TreeSet<String> ids = new TreeSet<>();
    for (Entity e : entities) {
      ids.add(e.id);
    }
    String day = date.toString();
    String publishedAt = day + 'T' + two(second / 3600) + ':' + two(second / 60 % 60) + ':' + two(second % 60) + 'Z';
    String url = "https://" + HOSTS[s] + "/" + day.replace('-', '/') + "/" + id;
    return new Article(index, id, SLUGS[s] + ":" + id, SOURCES[s], url, title.toString(), text, date, publishedAt,
        Templates.TOPICS[topic], List.copyOf(ids), mentions[0]);
  }

  /** Words of the body: split log-normal around the median, clamped to [40, 4000]. */
  static int length(Rng r) {
    double z = r.nextGaussian();
    double w = MEDIAN_WORDS * StrictMath.exp(z * (z < 0 ? SIGMA_LOW : SIGMA_HIGH));
    return (int) Math.max(MIN_WORDS, Math.min(MAX_WORDS, Math.round(w)));
  }

  /** A planted entity: a country ({@code leader} null) or a leader, and its mentions still to write. */
  private static final class Entity {
    final String id;
    final Place place;
    final LeaderTerm leader;
    int left;

    Entity(Place place, LeaderTerm leader, int left) {
      this.id = place != null ? place.id() : leader.leaderId();
      this.place = place;
      this.leader = leader;
      this.left = left;
    }
  }

  private List<Entity> entities(Rng r, LocalDate date, int words) {
    int want = Math.min(r.weighted(COUNTRY_COUNT), 1 + words / 70);
    List<Entity> out = new ArrayList<>();
    for (int tries = 0; out.size() < want && tries < 20 * want; tries++) {
      Place p = pool.country(r);
      if (!has(out, p.id())) {
        out.add(new Entity(p, null, repeats(r, words)));
      }
    }
    int countries = out.size();
    int leaders = 0;
    for (int i = 0; i < countries && leaders < 3; i++) {
      if (r.chance(0.35)) {
        leaders += addLeader(r, out, out.get(i).id, date, words);
      }
    }
    if (leaders < 3 && r.chance(0.1)) {
      String c = pool.leaderCountry(r);
      if (c != null) {
        addLeader(r, out, c, date, words);
      }
    }
    return out;
  }

  private int addLeader(Rng r, List<Entity> out, String country, LocalDate date, int words) {
    List<LeaderTerm> holders = pool.leadersOn(country, date);
    if (holders.isEmpty()) {
      return 0;
    }
    LeaderTerm t = r.pick(holders);
    if (has(out, t.leaderId())) {
      return 0;
    }
    out.add(new Entity(null, t, repeats(r, words)));
    return 1;
  }

  private static boolean has(List<Entity> es, String id) {
    for (Entity e : es) {
      if (e.id.equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** How many sentences name an entity: 1, 2 or 3 (short articles name it once or twice). */
  private static int repeats(Rng r, int words) {
    int n = 1 + (r.chance(0.35) ? 1 : 0) + (r.chance(0.12) ? 1 : 0);
    return words < 150 ? Math.min(n, 2) : n;
  }

  /** The sentences naming the entities; adds their words to {@code words[0]}. */
  private static List<String> entitySentences(Rng r, List<Entity> entities, Entity[] slots, int[] mentions,
      int[] words) {
    List<String> out = new ArrayList<>();
    while (true) {
      Entity e = null;
      for (Entity x : entities) {
        if (x.left > 0) {
          e = x;
          break;
        }
      }
      if (e == null) {
        return out;
      }
      StringBuilder sb = new StringBuilder(120);
      if (e.leader != null) {
        Entity own = null;
        for (Entity x : entities) {
          if (x.left > 0 && x.leader == null && x.id.equals(e.leader.country())) {
            own = x;
          }
        }
        if (own != null && r.chance(0.5)) {
          words[0] += fill(r.pick(LEADER_AND_COUNTRY), r, slots(slots, own, null, null, e), sb, mentions);
          own.left--;
        } else {
          words[0] += fill(r.pick(ONE_LEADER), r, slots(slots, null, null, null, e), sb, mentions);
        }
      } else {
        List<Entity> others = new ArrayList<>(2);
        for (Entity x : entities) {
          if (x != e && x.left > 0 && x.leader == null && others.size() < 2) {
            others.add(x);
          }
        }
        if (others.size() == 2 && r.chance(0.2)) {
          words[0] += fill(r.pick(THREE_COUNTRIES), r, slots(slots, e, others.get(0), others.get(1), null), sb, mentions);
          others.get(0).left--;
          others.get(1).left--;
        } else if (!others.isEmpty() && r.chance(0.45)) {
          words[0] += fill(r.pick(TWO_COUNTRIES), r, slots(slots, e, others.get(0), null, null), sb, mentions);
          others.get(0).left--;
        } else {
          words[0] += fill(r.pick(ONE_COUNTRY), r, slots(slots, e, null, null, null), sb, mentions);
        }
      }
      e.left--;
      out.add(sb.toString());
    }
  }

  private static Entity[] slots(Entity[] slots, Entity c, Entity c2, Entity c3, Entity l) {
    slots[0] = c;
    slots[1] = c2;
    slots[2] = c3;
    slots[3] = l;
    return slots;
  }

  /**
   * Appends {@code t} with its slots filled; entity slots take {@code slots} (C, C2, C3, L) and
   * count one planted mention each. The sentence starts with a capital letter.
   */
  static int fill(Template t, Rng r, Entity[] slots, StringBuilder sb, int[] mentions) {
    int start = sb.length();
    int spaces = t.literalSpaces();
    String[] lits = t.literals();
    String[] names = t.slots();
    String[][] lists = t.lists();
    for (int i = 0; i < names.length; i++) {
      sb.append(lits[i]);
      boolean first = sb.length() == start;
      String value = null;
      switch (names[i]) {
        case "C" -> value = country(slots[0], first, mentions);
        case "C2" -> value = country(slots[1], first, mentions);
        case "C3" -> value = country(slots[2], first, mentions);
        case "L" -> {
          value = slots[3].leader.fullName();
          mentions[0]++;
        }
        case "pct" -> {
          sb.append(r.between(1, 14)).append('.').append(r.nextInt(10)).append(" percent");
          spaces++;
        }
        case "n" -> sb.append(r.between(2, 60));
        case "big" -> thousands(sb, r.between(12, 990) * 100);
        case "money" -> {
          sb.append(r.between(1, 9)).append('.').append(r.nextInt(10))
              .append(r.chance(0.5) ? " billion dollars" : " million dollars");
          spaces += 2;
        }
        case "ordinal" -> sb.append(r.pick(ORDINALS));
        default -> value = r.pick(lists[i]);
      }
      if (value != null) {
        sb.append(value);
        spaces += spaces(value);
      }
    }
    sb.append(lits[lits.length - 1]);
    if (!t.startsWithEntity() && sb.length() > start) {
      sb.setCharAt(start, Character.toUpperCase(sb.charAt(start)));
    }
    return spaces + 1;
  }

  private static String country(Entity e, boolean atStart, int[] mentions) {
    mentions[0]++;
    return atStart ? e.place.atStart() : e.place.inSentence();
  }

  static int spaces(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == ' ') {
        n++;
      }
    }
    return n;
  }

  private static void thousands(StringBuilder sb, int n) {
    if (n >= 1000) {
      sb.append(n / 1000).append(',');
      int rest = n % 1000;
      sb.append(rest < 100 ? (rest < 10 ? "00" : "0") : "").append(rest);
    } else {
      sb.append(n);
    }
  }

  private static String paragraphs(Rng r, List<String> sentences) {
    StringBuilder sb = new StringBuilder(sentences.size() * 90);
    int i = 0;
    int size = r.between(1, 2);
    while (i < sentences.size()) {
      if (i > 0) {
        sb.append("\n\n");
      }
      for (int k = 0; k < size && i < sentences.size(); k++, i++) {
        if (k > 0) {
          sb.append(' ');
        }
        sb.append(sentences.get(i));
      }
      size = r.between(2, 5);
    }
    return sb.toString();
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
