package dev.breakwater.operator.replicas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A report as the base64 of gzipped JSON (a ConfigMap's binaryData). Full stat names repeat the
 * cluster names over and over, so gzip keeps a report of a thousand clusters far below the
 * 1 MiB an object may hold.
 */
public final class ReplicaReportCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public String encode(ReplicaReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes)) {
      MAPPER.writeValue(gzip, report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** @throws IllegalArgumentException when the data is not a report */
  public ReplicaReport decode(String base64) {
    try (InputStream in = new GZIPInputStream(
        new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
      return MAPPER.readValue(in, ReplicaReport.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a replica report: " + e.getMessage(), e);
    }
  }
}
