package org.entente.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.MonthDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateParserTest {
  private final DateParser parser = new DateParser();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // ISO 8601
      "2023-08-22                          | 2023-08-22T00:00:00Z",
      "2023-08-22T14:05:00Z                | 2023-08-22T14:05:00Z",
      "2023-08-22T14:05:00+02:00           | 2023-08-22T12:05:00Z",
      "2023-08-22T14:05:00-0500            | 2023-08-22T19:05:00Z",
      "2023-08-22T14:05:00.250Z            | 2023-08-22T14:05:00.250Z",
      "2023-08-22 14:05                    | 2023-08-22T14:05:00Z",
      "2023-08-22T14:05:00                 | 2023-08-22T14:05:00Z",
      "2023/08/22                          | 2023-08-22T00:00:00Z",
      "2023-8-2                            | 2023-08-02T00:00:00Z",
      "2023-08                             | 2023-08-01T00:00:00Z",
      // RFC 1123 / RFC 822
      "'Tue, 22 Oct 2024 08:15:00 GMT'     | 2024-10-22T08:15:00Z",
      "'Tue, 22 Oct 2024 08:15:00 +0000'   | 2024-10-22T08:15:00Z",
      "'Tue, 22 Oct 2024 08:15:00 +0530'   | 2024-10-22T02:45:00Z",
      "'Tue, 22 Oct 2024 08:15:00 EST'     | 2024-10-22T13:15:00Z",
      "'22 Oct 2024 08:15 UTC'             | 2024-10-22T08:15:00Z",
      "'Tue, 22 Oct 24 08:15:00 GMT'       | 2024-10-22T08:15:00Z",
      // day month year
      "'14 Mar 2023'                       | 2023-03-14T00:00:00Z",
      "'14 Mar 2023 09:30'                 | 2023-03-14T09:30:00Z",
      "'14 March 2023'                     | 2023-03-14T00:00:00Z",
      "'14th March 2023'                   | 2023-03-14T00:00:00Z",
      "'26-FEB-1987 15:01:01.79'           | 1987-02-26T15:01:01.790Z",
      "'5 Sept 2022'                       | 2022-09-05T00:00:00Z",
      // month day year
      "'March 14, 2023'                    | 2023-03-14T00:00:00Z",
      "'November 16, 2021 12:51 AM'        | 2021-11-16T00:51:00Z",
      "'Nov 16, 2021 1:05 pm'              | 2021-11-16T13:05:00Z",
      "'Sunday, March 5, 2023'             | 2023-03-05T00:00:00Z",
      // numbers
      "1729584900                          | 2024-10-22T08:15:00Z",
      "1729584900000                       | 2024-10-22T08:15:00Z",
      "1729584900.5                        | 2024-10-22T08:15:00.500Z",
      "20230822                            | 2023-08-22T00:00:00Z",
      "1987                                | 1987-01-01T00:00:00Z",
  })
  void parsesCommonForms(String input, String expected) {
    DateParser.Result r = parser.parse(input);
    assertThat(r.error()).isNull();
    assertThat(r.instant()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "2024-02-30T10:00:00Z          | impossible date",
      "2023-13-01                    | impossible date",
      "'31 Apr 2023 10:00'           | impossible date",
      "'last Tuesday'                | unparseable date",
      "'not a date'                  | unparseable date",
      "03/04/2023                    | ambiguous date",
      "'22 Oct 2024 08:15 XYZT'      | unknown time zone",
      "'2023-08-22 25:00'            | impossible date",
      "123                           | unparseable date",
      "''                            | no date",
  })
  void refusesBadDatesWithAReason(String input, String reason) {
    DateParser.Result r = parser.parse(input);
    assertThat(r.ok()).isFalse();
    assertThat(r.instant()).isNull();
    assertThat(r.error()).startsWith(reason);
  }

  @Test
  void aYearAloneLandsOnTheAnchor() {
    DateParser september = new DateParser(MonthDay.of(9, 15));
    assertThat(september.parse("1987").instant()).isEqualTo(Instant.parse("1987-09-15T00:00:00Z"));
    assertThat(september.parse("1987-03-02").instant()).isEqualTo(Instant.parse("1987-03-02T00:00:00Z"));
  }

  @Test
  void theErrorQuotesTheValue() {
    assertThat(parser.parse("2024-02-30T10:00:00Z").error()).contains("'2024-02-30T10:00:00Z'");
  }
}
