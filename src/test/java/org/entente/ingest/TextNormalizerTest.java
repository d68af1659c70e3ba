package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {
  @Test
  void removesHtmlTagsScriptsAndComments() {
    String html = "<p>Leaders <b>met</b> in <a href=\"x\">Kazan</a>.</p><script>alert('x')</script>"
        + "<!-- ad --><p>Second&nbsp;paragraph.</p>";
    assertThat(TextNormalizer.normalize(html)).isEqualTo("Leaders met in Kazan.\n\nSecond paragraph.");
  }

  @Test
  void keepsAngleBracketsThatAreNotHtml() {
    assertThat(TextNormalizer.normalize("Shares of <BP> and <Sedio N.V.> rose; 3 < 4."))
        .isEqualTo("Shares of <BP> and <Sedio N.V.> rose; 3 < 4.");
  }

  @Test
  void decodesNamedAndNumericEntities() {
    assertThat(TextNormalizer.normalize("Tom &amp; Jerry &eacute;t&eacute; &#8364;5 &#x2014; &lt;b&gt; &bogus;"))
        .isEqualTo("Tom & Jerry été €5 — <b> &bogus;");
  }

  @Test
  void composesToNfcAndDropsControlAndInvisibleCharacters() {
    String decomposed = "Erdog\u0306an\u0007 met Zelenskyy\u200B.";
    assertThat(TextNormalizer.normalize(decomposed)).isEqualTo("Erdoğan met Zelenskyy.");
  }

  @Test
  void collapsesSpacesAndBlankLines() {
    assertThat(TextNormalizer.normalize("  One\t two  \r\n\r\n\r\n\n   three \u00A0 four  "))
        .isEqualTo("One two\n\nthree four");
  }

  @Test
  void titlesBecomeOneLine() {
    assertThat(TextNormalizer.normalizeLine("BRICS\n  summit <i>opens</i>")).isEqualTo("BRICS summit opens");
  }

  @Test
  void aScriptInATitleIsRemovedButEscapedMarkupStaysAsText() {
    assertThat(TextNormalizer.normalizeLine("<script>alert(1)</script>Talks resume"))
        .isEqualTo("Talks resume");
    assertThat(TextNormalizer.normalizeLine("&lt;script&gt;alert(1)&lt;/script&gt; Talks"))
        .isEqualTo("<script>alert(1)</script> Talks");
  }

  @Test
  void nullStaysNull() {
    assertThat(TextNormalizer.normalize(null)).isNull();
    assertThat(TextNormalizer.normalizeLine(null)).isNull();
  }
}
