package org.entente.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles the one-file dashboard: the page template, its style and script (resources next to
 * this class), Apache ECharts' minified bundle read from the ECharts WebJar on the class path,
 * and the data as {@link org.entente.warehouse.Json#forHtml} in a {@code <script type="application/json">} element. Nothing
 * is fetched when the page opens: it names no URL to load, and its Content-Security-Policy
 * ({@code default-src 'none'}) allows only its own two scripts, by hash, so that not even a
 * piece of injected markup could load or run anything.
 */
public final class ReportPage {
  /** ECharts as the WebJar {@code org.webjars.npm:echarts} lays it out; the version is the pom's. */
  static final String ECHARTS_VERSION = "5.3.1";
  static final String ECHARTS = "META-INF/resources/webjars/echarts/" + ECHARTS_VERSION + "/dist/echarts.min.js";
  private static final Pattern SLOT = Pattern.compile("\\{\\{([A-Z]+)\\}\\}");
  private static final Pattern SCRIPT_END = Pattern.compile("</(script)", Pattern.CASE_INSENSITIVE);

  private ReportPage() {}

  /** The page for the given data (a JSON value from {@link org.entente.warehouse.Json#forHtml}). */
  public static String render(String dataJson) {
    String echarts = scriptText(resource(ECHARTS));
    String app = scriptText(resource("org/entente/report/report.js"));
    String csp = "default-src 'none'; script-src " + hash(echarts) + " " + hash(app)
        + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    Map<String, String> slots = Map.of(
        "CSP", csp,
        "STYLE", resource("org/entente/report/report.css"),
        "DATA", dataJson,
        "ECHARTS", echarts,
        "APP", app);
    String template = resource("org/entente/report/report.html");
    StringBuilder out = new StringBuilder(template.length() + echarts.length() + dataJson.length() + 4096);
    Matcher m = SLOT.matcher(template);
    int at = 0;
    while (m.find()) {
      String value = slots.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("report template has an unknown slot " + m.group());
      }
      out.append(template, at, m.start()).append(value);
      at = m.end();
    }
    return out.append(template, at, template.length()).toString();
  }

  /**
   * A script's text made safe to inline: {@code </script} would end the element early, so it is
   * written {@code <\/script} (the same string to JavaScript). Neither script holds one today.
   */
  static String scriptText(String js) {
    return SCRIPT_END.matcher(js).replaceAll("<\\\\/$1");
  }

  /** The CSP source expression that allows exactly this inline script. */
  static String hash(String script) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String resource(String path) {
    try (InputStream in = ReportPage.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is not on the class path"
            + (path.contains("echarts") ? " (the org.webjars.npm:echarts:" + ECHARTS_VERSION + " jar)" : ""));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
