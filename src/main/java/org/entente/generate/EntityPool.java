package org.entente.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.entente.kb.Country;
import org.entente.kb.KnowledgeBase;
import org.entente.kb.LeaderTerm;
import org.entente.nlp.Annotator;
import org.entente.nlp.FastEngine;
import org.entente.nlp.Mention;

/**
 * The entities the generator may plant, from the knowledge base: countries by their common name
 * and leaders' terms by full name, each drawn with a popularity that falls off with its rank
 * (Zipf: a few countries are in most of the news).
 *
 * <p>Only names the annotator reads unambiguously are kept: each candidate is annotated alone in
 * two neutral sentences (at the start of a sentence and inside one) on the first and last day
 * of the date range (a leader: of the term's part inside the range), and kept only if that
 * finds exactly one mention, of that entity. This leaves out by itself the words the resolver
 * needs evidence for (Georgia, Jordan, Chad, Turkey, Niger, Guinea, Jersey, Dominica), names
 * shared by two entities, former states and, with {@code --kb}, whatever a custom knowledge base
 * makes ambiguous. Cost: about 5,000 one-sentence annotations, one to three seconds at start-up.
 */
final class EntityPool {
  /** A plantable country: its id, its name inside a sentence and at the start of one. */
  record Place(String id, String inSentence, String atStart) {}

  /** Countries that usually dominate international news, most named first; the rest follow in KB order. */
  private static final List<String> PROMINENT = List.of(
      "USA", "CHN", "RUS", "GBR", "FRA", "DEU", "UKR", "IND", "JPN", "ISR", "IRN", "BRA", "CAN", "ITA",
      "KOR", "AUS", "SAU", "MEX", "PAK", "EGY", "ZAF", "IDN", "ESP", "PRK", "NGA", "POL", "SYR", "AFG",
      "IRQ", "ARG", "VEN", "NLD", "SWE", "CHE", "BEL", "GRC", "VNM", "PHL", "THA", "MYS", "SGP", "KEN",
      "ETH", "QAT", "ARE", "NOR", "DNK", "FIN", "AUT", "HUN", "CZE", "ROU", "PRT", "IRL", "NZL", "CHL",
      "COL", "PER", "CUB", "LBN", "YEM", "LBY", "SDN", "MAR", "DZA", "TUN", "BGD", "LKA", "MMR", "KAZ");
  private static final Pattern NEEDS_THE = Pattern.compile(
      "^(United|Republic|Democratic|Federated|Holy)\\b.*|.*\\b(Republic|Islands|Emirates|Kingdom|States)$"
          + "|^(Netherlands|Philippines|Bahamas|Maldives|Comoros|Seychelles|Gambia)$");
  private static final double ZIPF = 1.0;

  private final List<Place> countries;
  private final double[] cumulative;
  private final List<String> leaderCountries;
  private final double[] leaderCumulative;
  private final Set<LeaderTerm> plantableTerms;
  private final KnowledgeBase kb;

  private EntityPool(KnowledgeBase kb, List<Place> countries, List<String> leaderCountries,
      Set<LeaderTerm> plantableTerms) {
    this.kb = kb;
    this.countries = countries;
    this.cumulative = zipf(countries.size());
    this.leaderCountries = leaderCountries;
    this.leaderCumulative = zipf(leaderCountries.size());
    this.plantableTerms = plantableTerms;
  }

  /** The pool for articles dated {@code from} to {@code to}, checked with the fast annotator. */
  static EntityPool build(KnowledgeBase kb, LocalDate from, LocalDate to) {
    Annotator annotator = new Annotator(kb, new FastEngine(kb));
    List<String> order = rankOrder(kb);

    List<Place> places = new ArrayList<>();
    for (String id : order) {
      Country c = kb.country(id);
      if (!c.existsOn(from) || !c.existsOn(to)) {
        continue;
      }
      Place p = place(c);
      if (readsAs(annotator, p.atStart(), p.inSentence(), id, from)
          && readsAs(annotator, p.atStart(), p.inSentence(), id, to)) {
        places.add(p);
      }
    }

    // The knowledge base's own term objects, compared by identity (cheaper than record equality).
    Set<LeaderTerm> terms = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<String> withLeaders = new LinkedHashSet<>();
    Map<String, List<LeaderTerm>> byCountry = termsByCountry(kb);
    for (String id : order) {
      for (LeaderTerm t : byCountry.getOrDefault(id, List.of())) {
        LocalDate first = t.start().isAfter(from) ? t.start() : from;
        LocalDate last = t.end() == null || t.end().isAfter(to) ? to : t.end();
        if (first.isAfter(last) || t.fullName().isEmpty() || !Character.isUpperCase(t.fullName().charAt(0))) {
          continue;
        }
        if (readsAs(annotator, t.fullName(), t.fullName(), t.leaderId(), first)
            && readsAs(annotator, t.fullName(), t.fullName(), t.leaderId(), last)) {
          terms.add(t);
          withLeaders.add(id);
        }
      }
    }
    return new EntityPool(kb, Collections.unmodifiableList(places), List.copyOf(withLeaders), terms);
  }

  /** Every leader's terms grouped by country, in the knowledge base's order. */
  private static Map<String, List<LeaderTerm>> termsByCountry(KnowledgeBase kb) {
    Map<String, List<LeaderTerm>> out = new HashMap<>();
    for (String leader : kb.leaderIds()) {
      for (LeaderTerm t : kb.terms(leader)) {
        out.computeIfAbsent(t.country(), k -> new ArrayList<>()).add(t);
      }
    }
    return out;
  }

  private static List<String> rankOrder(KnowledgeBase kb) {
    List<String> order = new ArrayList<>();
    for (String id : PROMINENT) {
      if (kb.country(id) != null) {
        order.add(id);
      }
    }
    for (String id : kb.countries().keySet()) {
      if (!order.contains(id)) {
        order.add(id);
      }
    }
    return order;
  }

  static Place place(Country c) {
    String name = c.name();
    if (NEEDS_THE.matcher(name).matches()) {
      return new Place(c.id(), "the " + name, "The " + name);
    }
    return new Place(c.id(), name, name);
  }

  /** True when the name, alone in a neutral sentence, is exactly one mention of {@code id}. */
  private static boolean readsAs(Annotator a, String atStart, String inSentence, String id, LocalDate date) {
    return only(a.annotate("", atStart + " reported steady figures for the period.", date).mentions(), id)
        && only(a.annotate("", "Officials met " + inSentence + " to review the plans.", date).mentions(), id);
  }

  private static boolean only(List<Mention> ms, String id) {
    return ms.size() == 1 && ms.get(0).entityId().equals(id);
  }

  private static double[] zipf(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, ZIPF);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int draw(double[] cumulative, Rng r) {
    double u = r.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  List<Place> countries() {
    return countries;
  }

  int leaderTerms() {
    return plantableTerms.size();
  }

  /** A country drawn by popularity. */
  Place country(Rng r) {
    return countries.get(draw(cumulative, r));
  }

  /** A country that has plantable leaders, drawn by popularity (whether or not the country is plantable). */
  String leaderCountry(Rng r) {
    return leaderCountries.isEmpty() ? null : leaderCountries.get(draw(leaderCumulative, r));
  }

  /**
   * Distinct leaders of {@code country} in office on {@code date} whose full name may be planted,
   * each with the term that covers the date (a leader in two offices at once appears once).
   */
  List<LeaderTerm> leadersOn(String country, LocalDate date) {
    Map<String, LeaderTerm> out = new LinkedHashMap<>();
    for (LeaderTerm t : kb.holdersOn(country, date)) {
      if (plantableTerms.contains(t)) {
        out.putIfAbsent(t.leaderId(), t);
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Names of plantable things, for the manifest. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("countries", countries.size());
    m.put("leader_terms", plantableTerms.size());
    return m;
  }
}
