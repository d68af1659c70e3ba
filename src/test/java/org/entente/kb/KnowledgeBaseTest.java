package org.entente.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.entente.util.UserError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled seed lists: coverage, consistency and the lookups the resolver relies on. */
class KnowledgeBaseTest {
  static KnowledgeBase kb;

  @BeforeAll
  static void load() {
    kb = KnowledgeBase.load(null);
  }

  @Test
  void everyIsoCountryAndTheFormerStatesArePresent() {
    assertThat(kb.countries()).hasSizeGreaterThanOrEqualTo(263);
    assertThat(kb.countries().keySet()).contains("USA", "RUS", "CHN", "GBR", "FRA", "PSE", "TWN", "XKX", "HKG",
        "SUN", "YUG", "CSK", "DDR", "ZAR", "YMD", "SCG");
    Country ussr = kb.country("SUN");
    assertThat(List.of(ussr.fromYear(), ussr.toYear(), ussr.successors())).containsExactly(1922, 1991, List.of("RUS"));
    assertThat(kb.country("GBR").aliases()).contains("UK", "Britain", "U.K.");
    assertThat(kb.country("NLD").demonyms()).contains("Dutch");
  }

  @Test
  void leadersOfTheBigCountriesLeaveNoGapFrom1980() {
    // Heads of state or government of the G20, the permanent Security Council members and BRICS:
    // on every day from 1980 to mid-2025 someone holds office, except acting stand-ins of 31 days
    // or less, which the lists leave out by policy (seeds/README.md).
    String[] countries = {"USA", "GBR", "FRA", "DEU", "ITA", "JPN", "CAN", "AUS", "IND", "BRA", "ARG", "MEX",
        "IDN", "KOR", "SAU", "ZAF", "TUR", "CHN", "EGY", "ETH", "IRN", "ARE"};
    List<String> gaps = new ArrayList<>();
    for (String c : countries) {
      LocalDate d = LocalDate.of(1980, 1, 1);
      LocalDate gapStart = null;
      while (d.isBefore(LocalDate.of(2025, 7, 1))) {
        boolean held = !kb.holdersOn(c, d).isEmpty();
        if (!held && gapStart == null) {
          gapStart = d;
        } else if (held && gapStart != null) {
          if (gapStart.plusDays(31).isBefore(d)) {
            gaps.add(c + " " + gapStart + ".." + d);
          }
          gapStart = null;
        }
        d = d.plusDays(1);
      }
      if (gapStart != null) {
        gaps.add(c + " " + gapStart + "..");
      }
    }
    assertThat(gaps).isEmpty();
  }

  @Test
  void russiaBefore1992IsTheSovietUnion() {
    for (int y = 1980; y <= 1991; y++) {
      assertThat(kb.holdersOn("SUN", LocalDate.of(y, 6, 1))).as("USSR %d", y).isNotEmpty();
    }
    assertThat(kb.countryOn("RUS", LocalDate.of(1987, 3, 1))).isEqualTo("SUN");
    assertThat(kb.countryOn("RUS", LocalDate.of(1995, 3, 1))).isEqualTo("RUS");
    assertThat(kb.countryOn("DEU", LocalDate.of(1987, 3, 1))).isEqualTo("DEU");
  }

  @Test
  void officeHoldersByTitleOnADate() {
    assertThat(kb.holders("GBR", "prime minister", LocalDate.of(2022, 10, 24))).extracting(LeaderTerm::leaderId)
        .containsExactly("GBR:liz-truss");
    assertThat(kb.holders("GBR", "prime minister", LocalDate.of(2022, 10, 25))).extracting(LeaderTerm::leaderId)
        .containsExactly("GBR:liz-truss", "GBR:rishi-sunak"); // the hand-over day
    assertThat(kb.holders("GBR", "prime minister", LocalDate.of(2022, 10, 26))).extracting(LeaderTerm::leaderId)
        .containsExactly("GBR:rishi-sunak");
    assertThat(kb.holders("CHN", "premier", LocalDate.of(2023, 3, 10))).extracting(LeaderTerm::leaderId)
        .containsExactly("CHN:li-keqiang");
    assertThat(kb.holders("USA", "president", LocalDate.of(1987, 3, 1))).extracting(LeaderTerm::leaderId)
        .containsExactly("USA:ronald-reagan");
  }

  @Test
  void leaderIdsAreCountryPlusSlug() {
    for (String id : kb.leaderIds()) {
      assertThat(id).matches("[A-Z]{3}:[a-z0-9]+(-[a-z0-9]+)*");
      for (LeaderTerm t : kb.terms(id)) {
        assertThat(id).startsWith(t.country() + ":");
        assertThat(t.end() == null || t.end().isAfter(t.start())).as(id + " " + t.start()).isTrue();
        assertThat(kb.country(t.country())).as(id).isNotNull();
      }
    }
  }

  @Test
  void aBrokenKnowledgeBaseFolderIsAUserError() {
    assertThatThrownBy(() -> KnowledgeBase.parse(Map.of("countries.csv", "iso3,name\nXXX,\n", "leaders.csv",
        "leader_id\n"), "kb")).isInstanceOf(UserError.class).hasMessage("countries.csv: missing name");
    assertThatThrownBy(() -> KnowledgeBase.parse(Map.of("countries.csv", "iso3,name\nXXX,X\n", "leaders.csv",
        "leader_id,country,full_name,term_start\nXXX:a,XXX,A,2020-13-01\n"), "kb"))
        .isInstanceOf(UserError.class).hasMessage("kb/leaders.csv record 1: bad date '2020-13-01'");
    assertThatThrownBy(() -> KnowledgeBase.load("/nonexistent/kb")).isInstanceOf(UserError.class)
        .hasMessage("--kb /nonexistent/kb has no countries.csv");
  }
}
