package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.entente.ingest.FieldMapping.Target;
import org.junit.jupiter.api.Test;

class FieldMappingTest {
  @Test
  void describesAutoDetectionForReutersAndUnSpeechFields() {
    FieldMapping m = new FieldMapping();
    assertThat(m.describe(List.of("id", "oldid", "date", "datetime", "title", "dateline", "body", "places")))
        .isEqualTo("text<-body, title<-title, date<-datetime, id<-id, url<-(none), source<-(none), lang<-(none),"
            + " dateline<-dateline");
    assertThat(m.describe(List.of("id", "iso3", "country", "session", "year", "speaker", "post", "text")))
        .isEqualTo("text<-text, title<-(none), date<-year, id<-id, url<-(none), source<-(none), lang<-(none),"
            + " dateline<-(none)");
  }

  @Test
  void matchesNamesIgnoringCaseAndSeparators() {
    FieldMapping m = new FieldMapping();
    Map<String, String> fields = Map.of("Pub_Date", "2020-01-01", "HeadLine", "H", "Body", "B");
    Map<String, String> idx = FieldMapping.index(fields);
    assertThat(m.pick(Target.DATE, fields, idx)).isEqualTo("2020-01-01");
    assertThat(m.pick(Target.TITLE, fields, idx)).isEqualTo("H");
    assertThat(m.pick(Target.TEXT, fields, idx)).isEqualTo("B");
    assertThat(m.pick(Target.URL, fields, idx)).isNull();
  }

  @Test
  void reportsExplicitFieldsThatAreNotThere() {
    FieldMapping m = new FieldMapping().with(Target.TEXT, "article_body").with(Target.DATE, "date");
    assertThat(m.missingExplicit(List.of("body", "date"))).containsExactly("--text-field article_body");
  }
}
