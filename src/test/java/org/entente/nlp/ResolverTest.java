package org.entente.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.entente.kb.KnowledgeBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The resolution rules on in-memory text with the bundled knowledge base: each rule has a case,
 * and dated cases show one phrase resolving to different people on different dates.
 */
class ResolverTest {
  static KnowledgeBase kb;
  static Annotator annotator;

  @BeforeAll
  static void load() {
    kb = KnowledgeBase.load(null);
    annotator = new Annotator(kb, new FastEngine(kb));
  }

  /** Mentions as "surface=entity/kind" strings, in text order. */
  static List<String> mentions(String date, String text) {
    return annotator.annotate(null, text, LocalDate.parse(date)).mentions().stream()
        .map(m -> m.surface() + "=" + m.entityId() + "/" + m.matchKind()).toList();
  }

  static List<String> entities(String date, String text) {
    return annotator.annotate(null, text, LocalDate.parse(date)).mentions().stream()
        .map(Mention::entityId).toList();
  }

  @Test
  void longestMatchWins() {
    assertThat(mentions("2024-01-10", "Papua New Guinea and South Sudan signed with the Dominican Republic."))
        .containsExactly("Papua New Guinea=PNG/NAME", "South Sudan=SSD/NAME", "Dominican Republic=DOM/NAME");
    assertThat(entities("2024-01-10", "Voters in New Mexico and New Jersey went to the polls.")).isEmpty();
    assertThat(entities("2024-01-10", "Niamey said Niger and Nigeria had closed the border; Guinea-Bissau agreed."))
        .containsExactly("NER", "NER", "NGA", "GNB");
    assertThat(entities("2024-01-10", "Dominica and the Dominican Republic met.")).containsExactly("DMA", "DOM");
  }

  @Test
  void wordBoundariesAndCase() {
    assertThat(mentions("2024-01-10", "Xi's cotton and the Russians who sold it."))
        .containsExactly("Xi=CHN:xi-jinping/SURNAME", "Russians=RUS/DEMONYM");
    assertThat(mentions("2024-01-10", "Xinjiang cotton and the Russians who sold it."))
        .containsExactly("Xinjiang=CHN/PLACE", "Russians=RUS/DEMONYM");
    assertThat(entities("2024-01-10", "The auction of fine china and a roast turkey.")).isEmpty();
    assertThat(mentions("2024-01-10", "China's exports rose; turkey farmers in Turkey's west, near Istanbul, too."))
        .containsExactly("China=CHN/NAME", "Turkey=TUR/NAME", "Istanbul=TUR/PLACE");
  }

  @Test
  void allCapitalsHeadlinesMatchAsTitleCase() {
    Annotator.Result r = annotator.annotate("YUGOSLAV WORKERS MAY STRIKE OVER PAY IN BELGRADE",
        "Workers said they would strike.", LocalDate.parse("1987-03-02"));
    assertThat(r.mentions()).extracting(m -> m.section() + ":" + m.surface() + "=" + m.entityId())
        .containsExactly("title:YUGOSLAV=YUG", "title:BELGRADE=YUG");
    // "US" in capitals may be the word "us": left out; "U.S." is kept.
    assertThat(annotator.annotate("TELL US ABOUT U.S. TRADE WITH CHINA", "x", LocalDate.parse("1987-03-02"))
        .mentions()).extracting(Mention::entityId).containsExactly("USA", "CHN");
  }

  @Test
  void aDatelineInCapitalsMatches() {
    assertThat(mentions("1987-03-02", "BONN, March 2 - The Bundesbank said LONDON traders were wrong."))
        .containsExactly("BONN=DEU/CAPITAL", "Bundesbank=DEU/INSTITUTION");
  }

  @Test
  void demonymsAndCapitalsAreCountryMentionsWithTheirKind() {
    assertThat(mentions("2024-03-01", "Moscow said French and Dutch diplomats had left Kyiv."))
        .containsExactly("Moscow=RUS/CAPITAL", "French=FRA/DEMONYM", "Dutch=NLD/DEMONYM", "Kyiv=UKR/CAPITAL");
  }

  @Test
  void formerStatesOnTheirDates() {
    assertThat(entities("1987-06-01", "Russian grain buyers in Moscow and East German officials."))
        .containsExactly("SUN", "SUN", "DDR");
    assertThat(entities("2005-06-01", "Russian grain buyers in Moscow and German officials."))
        .containsExactly("RUS", "RUS", "DEU");
  }

  @Test
  void georgiaNeedsEvidence() {
    assertThat(entities("2024-10-27", "Voters in Georgia backed the ruling party, officials in Tbilisi said."))
        .containsExactly("GEO", "GEO");
    assertThat(mentions("2024-10-27", "Early voting in Georgia broke records in the Atlanta suburbs."))
        .containsExactly("Atlanta=USA/PLACE");
    assertThat(entities("2024-10-27", "Ukraine, Georgia and Moldova applied.")).containsExactly("UKR", "GEO", "MDA");
    // Trump was president-elect then, not a leader in office.
    assertThat(entities("2024-11-06", "Trump won Pennsylvania, Wisconsin and Georgia.")).containsExactly("USA", "USA");
    assertThat(entities("2024-10-27", "The Georgian Dream party won in the Caucasus.")).containsExactly("GEO");
  }

  @Test
  void jordanChadTurkeyGuineaNigerJerseyNeedEvidence() {
    assertThat(entities("2024-01-10", "Jordan closed its border, officials in Amman said.")).containsExactly("JOR", "JOR");
    assertThat(entities("2024-01-10", "Jim Jordan chaired the hearing.")).isEmpty();
    assertThat(entities("2024-01-10", "Jordan Bardella led the list.")).isEmpty();
    assertThat(entities("2024-01-10", "Egypt, Jordan and Iraq signed.")).containsExactly("EGY", "JOR", "IRQ");
    assertThat(entities("2024-01-10", "Chad expelled the envoy, N'Djamena said.")).containsExactly("TCD", "TCD");
    assertThat(entities("2024-01-10", "Turkey Prices Dip Before Thanksgiving")).isEmpty();
    assertThat(entities("2024-01-10", "Turkey raised rates as the lira fell.")).containsExactly("TUR");
    assertThat(entities("2024-01-10", "Guinea pig prices and Guinea itself.")).isEmpty();
    assertThat(entities("2024-01-10", "Guinea's bauxite exports rose.")).containsExactly("GIN");
    assertThat(entities("2024-01-10", "Oil spills in the Niger Delta worried investors.")).isEmpty();
    assertThat(entities("2024-01-10", "The junta in Niger expelled French troops.")).containsExactly("NER", "FRA");
    assertThat(entities("2024-01-10", "Jersey voted on the tax, St Helier said.")).containsExactly("JEY", "JEY");
    assertThat(entities("2024-01-10", "He wore a Jersey to the game.")).isEmpty();
  }

  @Test
  void washingtonIsTheGovernmentOnlyAsAnActor() {
    assertThat(entities("2024-01-10", "Washington warned Beijing over chips.")).containsExactly("USA", "CHN");
    assertThat(entities("2024-01-10", "Talks between Moscow and Washington stalled.")).containsExactly("RUS", "USA");
    assertThat(entities("2024-01-10", "Washington's sanctions bit.")).containsExactly("USA");
    assertThat(entities("2024-01-10", "Snow fell on Washington overnight.")).isEmpty();
    assertThat(entities("2024-01-10", "The Washington Post reported it.")).isEmpty();
    assertThat(entities("2024-01-10", "A statue of George Washington was moved.")).isEmpty();
  }

  @Test
  void chinaThePorcelain() {
    assertThat(entities("2024-01-10", "AUCTION OF BONE CHINA AND SILVER FETCHES RECORD")).isEmpty();
  }

  @Test
  void fullNamesAndSurnamesResolveOnlyInOffice() {
    assertThat(mentions("2024-10-23", "Vladimir Putin met Xi Jinping. Putin and Xi signed."))
        .containsExactly("Vladimir Putin=RUS:vladimir-putin/NAME", "Xi Jinping=CHN:xi-jinping/NAME",
            "Putin=RUS:vladimir-putin/SURNAME", "Xi=CHN:xi-jinping/SURNAME");
    // Out of office on the date: not a leader mention, even by full name.
    assertThat(entities("2023-05-01", "Former prime minister Boris Johnson spoke; Johnson was cheered.")).isEmpty();
    assertThat(entities("2021-05-01", "Prime Minister Boris Johnson spoke; Johnson was cheered."))
        .containsExactly("GBR:boris-johnson", "GBR:boris-johnson");
  }

  @Test
  void theSameSurnameOnTwoDatesIsTwoPeople() {
    assertThat(entities("1990-06-01", "President Bush met Gorbachev.")).containsExactly("USA:george-h-w-bush", "SUN:mikhail-gorbachev");
    assertThat(entities("2003-06-01", "President Bush met Putin.")).containsExactly("USA:george-w-bush", "RUS:vladimir-putin");
  }

  @Test
  void theSameRolePhraseOnTwoDatesIsTwoPeople() {
    assertThat(mentions("2022-10-01", "Britain's prime minister said so."))
        .containsExactly("Britain=GBR/ALIAS", "Britain's prime minister=GBR:liz-truss/ROLE");
    assertThat(mentions("2023-10-01", "Britain's prime minister said so."))
        .containsExactly("Britain=GBR/ALIAS", "Britain's prime minister=GBR:rishi-sunak/ROLE");
    assertThat(mentions("2024-10-23", "The Russian president met China's premier and the Prime Minister of India."))
        .containsExactly("Russian=RUS/DEMONYM", "Russian president=RUS:vladimir-putin/ROLE",
            "China=CHN/NAME", "China's premier=CHN:li-qiang/ROLE",
            "Prime Minister of India=IND:narendra-modi/ROLE", "India=IND/NAME");
    assertThat(entities("2022-06-01", "China's premier spoke.")).containsExactly("CHN", "CHN:li-keqiang");
  }

  @Test
  void rolePhrasesAreNotFormerFutureOrTitlesOfNames() {
    assertThat(entities("2024-01-10", "The former Russian president spoke.")).containsExactly("RUS");
    assertThat(entities("2024-11-10", "The US president-elect spoke.")).containsExactly("USA");
    assertThat(entities("2024-01-10", "The Chinese vice premier spoke.")).containsExactly("CHN");
    assertThat(mentions("2024-01-10", "Russian President Vladimir Putin spoke."))
        .containsExactly("Russian=RUS/DEMONYM", "Vladimir Putin=RUS:vladimir-putin/NAME");
  }

  @Test
  void aFutureLeaderInAnotherOfficeIsNotALeader() {
    assertThat(entities("2022-03-23", "Chancellor of the Exchequer Rishi Sunak presented the budget; Sunak said."))
        .isEmpty();
    assertThat(entities("2024-01-10", "Opposition leader Keir Starmer attacked the budget.")).isEmpty();
    assertThat(entities("2024-07-06", "Prime Minister Keir Starmer took office.")).containsExactly("GBR:keir-starmer");
    assertThat(entities("2025-01-10", "NATO Secretary General Mark Rutte visited Kyiv.")).containsExactly("UKR");
  }

  @Test
  void anotherPersonWithALeadersSurnameIsNotTheLeader() {
    assertThat(entities("2023-05-01", "Hunter Biden testified.")).isEmpty();
    assertThat(entities("2023-05-01", "President Biden testified.")).containsExactly("USA:joe-biden");
  }

  @Test
  void placesAndInstitutionsAreCountryMentionsWithTheirOwnKind() {
    assertThat(mentions("2024-01-10", "The Kremlin and Wall Street reacted; oil in Houston fell."))
        .containsExactly("Kremlin=RUS/INSTITUTION", "Wall Street=USA/INSTITUTION", "Houston=USA/PLACE");
    Annotator strict = new Annotator(KnowledgeBase.load(null, false), new FastEngine(KnowledgeBase.load(null, false)));
    assertThat(strict.annotate(null, "The Kremlin and Wall Street reacted; oil in Houston fell.",
        LocalDate.parse("2024-01-10")).mentions()).isEmpty();
  }

  @Test
  void aCapitalInsideAPersonsNameIsNotTheCountry() {
    assertThat(entities("2024-01-10", "The last was Alec Douglas-Home in 1970.")).isEmpty();
    assertThat(entities("2024-01-10", "Talks in Douglas, the Manx capital, ended.")).containsExactly("IMN", "IMN");
  }

  @Test
  void aBareSurnameSharedWithSomeoneNamedInTheArticleIsNotResolved() {
    assertThat(entities("2024-08-01", "Vice President Kamala Harris spoke. Harris said she would win.")).isEmpty();
    assertThat(entities("2024-08-01", "Taoiseach Simon Harris spoke. Harris said he would win."))
        .containsExactly("IRL:simon-harris", "IRL:simon-harris");
  }

  @Test
  void surnamesThatAreWordsNeedATitleOrTheFullName() {
    assertThat(entities("2018-05-10", "In May, trade rose.")).isEmpty();
    assertThat(entities("2018-05-10", "Prime Minister May spoke.")).containsExactly("GBR:theresa-may");
    assertThat(entities("2018-05-10", "Theresa May spoke. May said more.")).containsExactly("GBR:theresa-may", "GBR:theresa-may");
    assertThat(entities("2026-01-16", "On Friday, talks resumed.")).isEmpty();
    assertThat(entities("2026-01-16", "Prime Minister Friday spoke on Friday.")).containsExactly("VCT:godwin-friday");
  }

  @Test
  void titleAndSentencesAreIndexed() {
    Annotator.Result r = annotator.annotate("Xi in Moscow", "Putin met Xi. Then they dined.\n\nIndia watched.",
        LocalDate.parse("2023-03-21"));
    assertThat(r.mentions()).extracting(m -> m.sentenceIndex() + ":" + m.section() + ":" + m.begin() + "-" + m.end()
        + ":" + m.entityId()).containsExactly("0:title:0-2:CHN:xi-jinping", "0:title:6-12:RUS",
        "1:text:0-5:RUS:vladimir-putin", "1:text:10-12:CHN:xi-jinping", "3:text:32-37:IND");
  }
}
