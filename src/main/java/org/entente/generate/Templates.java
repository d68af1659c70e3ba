package org.entente.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sentences of the synthetic corpus: filler by topic (economy, trade, energy, weather, sport,
 * technology, health, farming, transport, culture), general filler, and sentences and headlines
 * with slots for planted entities. All written for this generator.
 *
 * <p>The filler never contains a name, alias, demonym, capital, city, institution or leader
 * surname of the bundled knowledge base (no months either: "May" is a surname), so that the
 * only mentions in a generated article are the planted ones; {@code TemplatesTest} checks this
 * by scanning generated filler with the annotator's engine. Entity slots are never followed by
 * a leader's title ("France president" would be a role mention) nor preceded by "... of".
 *
 * <p>Template syntax: literal text with {@code {slot}}s. Entity slots: {@code {C}}, {@code {C2}},
 * {@code {C3}} (countries), {@code {L}} (a leader's full name). Generated slots: {@code {pct}}
 * ("3.4 percent"), {@code {n}} (2 to 60), {@code {big}} ("12,400"), {@code {money}}
 * ("1.8 billion dollars"), {@code {ordinal}} ("third"). Any other slot is a word list below.
 */
final class Templates {
  private Templates() {}

  static final String[] TOPICS = {
      "economy", "trade", "energy", "weather", "sport", "technology", "health", "farming", "transport", "culture"};

  static final Map<String, String[]> LISTS = new HashMap<>();

  static {
    LISTS.put("when", new String[] {"on Monday", "on Tuesday", "on Wednesday", "on Thursday",
        "over the weekend", "this week", "last week", "earlier this month", "late last month", "in recent days",
        "this quarter", "in the coming weeks", "before the end of the year"});
    LISTS.put("source", new String[] {"analysts", "economists", "industry officials", "local officials",
        "researchers", "a spokeswoman for the agency", "a spokesman for the regulator",
        "people familiar with the matter", "traders", "union representatives", "the company", "organisers",
        "consultants", "the statistics office"});
    LISTS.put("said", new String[] {"said", "noted", "added", "told reporters", "wrote to clients",
        "said in a statement"});
    LISTS.put("move", new String[] {"rose", "climbed", "increased", "edged up", "jumped", "advanced",
        "fell", "slipped", "declined", "dropped", "eased", "retreated"});
    LISTS.put("up", new String[] {"rose", "climbed", "increased", "edged up", "jumped", "advanced"});
    LISTS.put("adj", new String[] {"steady", "uneven", "firm", "weak", "resilient", "subdued", "patchy",
        "robust", "modest", "sluggish"});
    LISTS.put("outlook", new String[] {"cautious", "mixed", "upbeat", "gloomy", "uncertain", "hopeful"});
    LISTS.put("extreme", new String[] {"highest", "lowest", "strongest", "weakest"});
    LISTS.put("issue", new String[] {"energy supplies", "port fees", "fishing rights", "grain shipments",
        "customs rules", "research funding", "rail links", "water management", "digital services",
        "tourism", "student exchanges", "fertiliser supplies", "shipping insurance", "air routes",
        "vaccine production", "satellite data", "flood defences", "mining permits"});
    LISTS.put("moves", new String[] {"rises", "falls", "slows", "picks up", "stalls", "recovers"});
    LISTS.put("sector", new String[] {"shipping", "retail", "construction", "farming", "software",
        "tourism", "steelmaking", "insurance", "aviation", "textiles", "fisheries", "chemicals"});
  }

  static final String[][] TOPIC_SENTENCES = {
      { // economy
          "Consumer prices {move} {pct} from a year earlier, {source} {said}.",
          "The central bank kept its benchmark rate unchanged {when}, citing {adj} demand.",
          "Retail sales {move} {pct} in the latest survey, the {ordinal} change in a row.",
          "Household spending has been {adj} since the start of the year.",
          "Wage growth {move} to {pct}, according to figures published {when}.",
          "{source} expect borrowing costs to stay high for several more months.",
          "Factory orders {move} for a {ordinal} month as manufacturers reported {adj} demand.",
          "The jobless rate held at {pct}, broadly in line with forecasts.",
          "Bond yields {move} after the figures, while the currency was little changed.",
          "Small businesses said the cost of credit remained their biggest worry.",
          "Mortgage approvals {move} to {big} in the period, {source} {said}.",
          "The budget deficit narrowed to {money}, helped by stronger tax receipts."},
      { // trade
          "Container volumes at the main port {move} {pct} {when}.",
          "Freight rates on the busiest routes reached their {extreme} level in {n} months.",
          "Exporters of machinery reported a backlog of orders worth {money}.",
          "Customs officers cleared {big} shipments during the period, {source} {said}.",
          "Shipping companies have added capacity to meet {adj} demand.",
          "A shortage of empty containers slowed deliveries of furniture and electronics.",
          "The trade surplus narrowed to {money} as imports of fuel {up}.",
          "Logistics firms warned that delays at border crossings could last for weeks.",
          "Warehouse rents near the docks {move} {pct} over the year.",
          "Importers said higher insurance premiums were being passed on to customers.",
          "The number of ships waiting to unload fell to {n}, the port authority {said}.",
          "Tariff revenue came in at {money}, slightly above the estimate."},
      { // energy
          "Power prices {move} {pct} as wind output changed across the grid.",
          "The utility said it would spend {money} on new transmission lines.",
          "Crude inventories {move} by {big} barrels in the week, {source} {said}.",
          "Gas storage sites were {n} percent full, above the level of a year ago.",
          "Engineers completed the final inspection of the solar farm {when}.",
          "Refiners cut output after an unplanned outage at a coastal plant.",
          "Households were advised to expect higher heating bills over the winter.",
          "The grid operator asked large users to reduce demand during the evening peak.",
          "A new offshore wind project will supply about {big} homes once complete.",
          "Fuel pump prices {move} for a {ordinal} week, motoring groups {said}.",
          "The operator of the hydroelectric dam reported {adj} water levels.",
          "Battery storage capacity on the network has doubled in two years."},
      { // weather
          "Heavy rain flooded low-lying streets and closed several schools {when}.",
          "Forecasters expect temperatures to reach {n} degrees by the weekend.",
          "The dry spell has left reservoirs at {pct} of capacity.",
          "Strong winds brought down power lines and disrupted rail services.",
          "Farmers said the late frost had damaged early blossom in orchards.",
          "Emergency crews cleared fallen trees from roads overnight.",
          "Snow is forecast for higher ground, with icy conditions on untreated roads.",
          "The weather service issued a heat warning for the coming days.",
          "Rainfall over the season was {pct} below the long-term average.",
          "Residents near the river were told to prepare sandbags as levels {up}.",
          "A band of thunderstorms is expected to move through overnight.",
          "Coastal paths were closed after high tides eroded sections of the cliffs."},
      { // sport
          "The home side scored twice in the final {n} minutes to win the match.",
          "The club confirmed that its captain would miss the rest of the season with a knee injury.",
          "Ticket sales for the final have passed {big}, organisers said.",
          "The coach praised the defence after a third clean sheet in a row.",
          "A late penalty decided the tie after extra time.",
          "The veteran sprinter set a season's best in the heats {when}.",
          "Rain delayed the start of play by more than an hour.",
          "The league announced a review of refereeing standards.",
          "The team climbed to {ordinal} place in the table with the victory.",
          "Both sides struggled for rhythm on a heavy pitch.",
          "The cyclist finished the mountain stage {n} seconds ahead of the field.",
          "Attendance at matches {move} {pct} compared with last season."},
      { // technology
          "The company said its new chip uses {pct} less power than the previous model.",
          "Regulators opened a review of how the app handles user data.",
          "Software updates will be rolled out to older devices over the coming weeks.",
          "The startup raised {money} from a group of investors led by a pension fund.",
          "Researchers demonstrated a battery that charges in under {n} minutes.",
          "A data centre outage disrupted online banking for several hours {when}.",
          "Engineers said the satellite had reached its planned orbit.",
          "The firm plans to hire {big} software developers by the end of next year.",
          "Sales of smartphones {move} {pct} in the quarter, {source} {said}.",
          "The chipmaker expects demand for its products to stay {adj}.",
          "A security flaw in the widely used library was patched within days.",
          "Broadband coverage in rural areas reached {pct} of households."},
      { // health
          "Hospital admissions for influenza {move} {pct} {when}, health officials said.",
          "The clinical trial enrolled {big} patients across {n} sites.",
          "Waiting times for routine surgery {move} for a {ordinal} month.",
          "Doctors urged older people to book their vaccinations before the winter.",
          "The new clinic will offer walk-in appointments seven days a week.",
          "A study found that regular walking cut the risk of heart disease.",
          "Pharmacies reported shortages of some common antibiotics.",
          "Nurses accepted a pay offer after months of talks.",
          "The hospital trust said it would open {n} extra beds for the winter.",
          "Researchers followed {big} volunteers for more than a decade.",
          "Health officials said vaccination rates among children had been {adj}.",
          "Ambulance response times improved slightly, the latest figures showed."},
      { // farming
          "The wheat harvest is expected to reach {big} tonnes, {source} {said}.",
          "Dairy farmers received {pct} more for their milk than a year ago.",
          "Fertiliser costs {move} as suppliers passed on higher energy prices.",
          "Growers said a wet spring delayed planting by several weeks.",
          "Grain prices {move} on reports of {adj} yields.",
          "The cooperative opened a new storage facility for {big} tonnes of barley.",
          "Beekeepers reported a good season after a mild winter.",
          "Livestock markets were busy as farmers sold animals ahead of the winter.",
          "Fruit pickers were in short supply during the peak of the harvest.",
          "Soil moisture levels remained {adj} across the main growing areas.",
          "The cost of animal feed {move} {pct} over the season.",
          "Vineyards expect a smaller but better crop after the hot summer."},
      { // transport
          "Rail operators will add {n} trains a day to the busiest commuter lines.",
          "Construction of the new bridge is {pct} complete, engineers said.",
          "Airport passenger numbers {move} {pct} in the latest quarter.",
          "The city council approved funding for {n} kilometres of cycle lanes.",
          "Bus fares will rise by {pct} from next month.",
          "Roadworks on the ring road are expected to last until the autumn.",
          "A signal fault caused delays on several lines during the morning rush.",
          "The airline ordered {n} new aircraft to replace its older fleet.",
          "Ferry services were cancelled because of rough seas {when}.",
          "Electric vehicles made up {pct} of new vehicle registrations.",
          "The tram extension will open to passengers in the spring.",
          "Train punctuality {move} to {pct}, the operator {said}."},
      { // culture
          "The museum reopened {when} after a two-year renovation.",
          "More than {big} visitors attended the festival over its opening weekend.",
          "The orchestra announced a new season of {n} concerts.",
          "A collection of early photographs went on display at the city library.",
          "The novel, a debut, has been shortlisted for a literary prize.",
          "Theatre attendance {move} {pct} compared with the previous season.",
          "The gallery received a donation of {n} paintings from a private collector.",
          "Critics praised the documentary for its patient storytelling.",
          "The choir will perform a programme of new works {when}.",
          "Book sales {move} {pct} over the holiday period, publishers {said}.",
          "The restored cinema will screen classic films every weekend.",
          "Archaeologists uncovered pottery fragments at the edge of the old town."}};

  static final String[][] TOPIC_HEADLINES = {
      {"Consumer prices {moves} as spending cools", "Central bank holds rates steady",
          "Jobless rate unchanged as hiring slows", "Budget deficit narrows on tax receipts"},
      {"Port volumes {moves} as freight rates shift", "Exporters report growing order backlog",
          "Container shortage delays deliveries", "Trade surplus narrows on fuel imports"},
      {"Power prices {moves} with wind output", "Utility plans new transmission lines",
          "Grid operator asks users to cut demand", "Offshore wind project nears completion"},
      {"Heavy rain floods streets and closes schools", "Heat warning issued for coming days",
          "Reservoirs low after long dry spell", "Storms bring down power lines"},
      {"Late goals seal victory for home side", "Captain ruled out for the season",
          "League reviews refereeing standards", "Sprinter sets season's best in heats"},
      {"New chip promises lower power use", "Regulators review app's handling of data",
          "Startup raises funds for battery research", "Outage disrupts online banking"},
      {"Flu admissions {moves} as winter nears", "Trial enrols patients across many sites",
          "Surgery waiting times {moves}", "Nurses accept pay offer"},
      {"Wheat harvest forecast to grow", "Fertiliser costs {moves} for growers",
          "Wet spring delays planting", "Dairy farmers paid more for milk"},
      {"Rail operators add commuter trains", "Bridge construction passes halfway mark",
          "Airport passenger numbers {moves}", "Bus fares to rise next month"},
      {"Museum reopens after renovation", "Festival draws record crowds",
          "Orchestra unveils new season", "Debut novel shortlisted for prize"}};

  static final String[] GENERAL = {
      "The figures will be revised next month.",
      "Further details are expected {when}.",
      "{source} said the outlook remained {outlook}.",
      "The report did not give a breakdown by region.",
      "Officials declined to comment on the timing.",
      "It was not immediately clear how long the changes would last.",
      "The proposal still needs final approval.",
      "The next review is scheduled for the end of the year.",
      "Similar measures were introduced two years ago with {adj} results.",
      "The {sector} sector has been under pressure for several quarters.",
      "{source} {said} that the data should be treated with caution.",
      "A public consultation on the plan will run for {n} days.",
      "Demand in the {sector} industry was described as {adj}.",
      "The changes are expected to cost about {money} over five years."};

  /** Sentences naming one country. */
  static final String[] ONE_COUNTRY = {
      "Officials in {C} said the plans would be reviewed {when}.",
      "Demand from {C} remained {adj}, {source} {said}.",
      "{C} reported {adj} figures for the period.",
      "Exports to {C} {move} {pct} over the same period.",
      "Talks with {C} are expected to resume {when}.",
      "The agreement with {C} covers {n} separate projects.",
      "Companies based in {C} accounted for {pct} of the total.",
      "Visitors from {C} made up the largest group.",
      "{C} has not yet responded to the proposal.",
      "The delegation arrived in {C} {when} for two days of meetings.",
      "Investment from {C} in the {sector} sector {move} {pct}.",
      "A team of engineers from {C} will help with the work."};

  /** Sentences naming two countries. */
  static final String[] TWO_COUNTRIES = {
      "Trade between {C} and {C2} {move} {pct} {when}.",
      "Delegations from {C} and {C2} met {when} to discuss {issue}.",
      "{C} and {C2} signed a memorandum on {issue}.",
      "Shipments from {C} to {C2} {move} sharply.",
      "Both {C} and {C2} have asked for more time to study the plan.",
      "Flights between {C} and {C2} will increase to {n} a week."};

  /** Sentences naming three countries. */
  static final String[] THREE_COUNTRIES = {
      "Ministers from {C}, {C2} and {C3} are due to meet {when}.",
      "The project brings together companies from {C}, {C2} and {C3}.",
      "Talks on {issue} involving {C}, {C2} and {C3} ended without agreement."};

  /** Sentences naming one leader. */
  static final String[] ONE_LEADER = {
      "{L} said the talks had been useful.",
      "{L} is expected to attend the meeting {when}.",
      "A spokesperson for {L} declined to comment.",
      "{L} met business groups {when} to discuss {issue}.",
      "In a statement, {L} welcomed the decision.",
      "{L} called for faster progress on {issue}.",
      "Speaking {when}, {L} said more work was needed on {issue}."};

  /** Sentences naming a leader ({L}) and the leader's country ({C}). */
  static final String[] LEADER_AND_COUNTRY = {
      "{L} said {C} would press ahead with the plan.",
      "{L} told an audience in {C} that {issue} remained a priority.",
      "Back in {C}, {L} faced questions about {issue}."};

  static final String[] COUNTRY_HEADLINES = {
      "Talks with {C} to resume", "Trade with {C} {moves}", "{C} reports {adj} demand",
      "Investment from {C} {moves}"};
  static final String[] TWO_COUNTRY_HEADLINES = {
      "{C} and {C2} agree on {issue}", "Trade between {C} and {C2} {moves}"};
  static final String[] LEADER_HEADLINES = {
      "{L} to attend meeting on {issue}", "{L} backs plan on {issue}", "{L} calls for progress on {issue}"};

  /** A template split into literal text and slots: {@code literals.length == slots.length + 1}. */
  record Template(String source, String[] literals, String[] slots, String[][] lists, int literalSpaces) {
    static Template parse(String t) {
      List<String> lits = new ArrayList<>();
      List<String> slots = new ArrayList<>();
      int at = 0;
      while (true) {
        int open = t.indexOf('{', at);
        if (open < 0) {
          lits.add(t.substring(at));
          break;
        }
        int close = t.indexOf('}', open);
        if (close < 0) {
          throw new IllegalArgumentException("unclosed slot in template: " + t);
        }
        lits.add(t.substring(at, open));
        String slot = t.substring(open + 1, close);
        if (!isGenerated(slot) && !isEntity(slot) && !LISTS.containsKey(slot)) {
          throw new IllegalArgumentException("unknown slot {" + slot + "} in template: " + t);
        }
        slots.add(slot);
        at = close + 1;
      }
      String[][] lists = new String[slots.size()][];
      for (int i = 0; i < lists.length; i++) {
        lists[i] = LISTS.get(slots.get(i));
      }
      int spaces = 0;
      for (String l : lits) {
        spaces += (int) l.chars().filter(c -> c == ' ').count();
      }
      return new Template(t, lits.toArray(new String[0]), slots.toArray(new String[0]), lists, spaces);
    }

    boolean startsWithEntity() {
      return literals[0].isEmpty() && slots.length > 0 && isEntity(slots[0]);
    }
  }

  static boolean isEntity(String slot) {
    return slot.equals("C") || slot.equals("C2") || slot.equals("C3") || slot.equals("L");
  }

  static boolean isGenerated(String slot) {
    return switch (slot) {
      case "pct", "n", "big", "money", "ordinal" -> true;
      default -> false;
    };
  }

  static Template[] parseAll(String[] ts) {
    Template[] out = new Template[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = Template.parse(ts[i]);
    }
    return out;
  }

  static Template[][] parseAll(String[][] ts) {
    Template[][] out = new Template[ts.length][];
    for (int i = 0; i < ts.length; i++) {
      out[i] = parseAll(ts[i]);
    }
    return out;
  }
}
