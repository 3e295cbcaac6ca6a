package dev.breakwater.xds.snapshot;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.breakwater.xds.envoy.XdsResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds java-control-plane snapshots whose version per resource type is a digest of that type's
 * content: a type whose content did not change keeps its version, so Envoy is not pushed (and does
 * not re-ACK) what it already has, and every replica of the operator names the same content alike.
 */
public final class SnapshotFactory {

  public Snapshot next(XdsResources resources) {
    return Snapshot.create(
        resources.clusters(), version(resources.clusters()),
        resources.endpoints(), version(resources.endpoints()),
        resources.listeners(), version(resources.listeners()),
        resources.routes(), version(resources.routes()),
        List.of(), "empty");
  }

  /** A content digest; deterministic serialisation keeps map fields in a stable order. */
  public static String version(List<? extends Message> messages) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      for (Message message : messages) {
        out.writeMessageNoTag(message);
      }
      out.flush();
      return HexFormat.of().formatHex(digest.digest(bytes.toByteArray()), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
