package dev.breakwater.xds.snapshot;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.breakwater.xds.envoy.XdsResources;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds java-control-plane snapshots whose version per resource type is a digest of that type's
 * content: a type whose content did not change keeps its version, so Envoy is not pushed (and does
 * not re-ACK) what it already has, and every replica of the operator names the same content alike.
 *
 * <p>Each resource gets a version of its own, a digest of its deterministic serialisation (what
 * delta xDS compares); a type's version is a digest of its resources' versions in name order.
 * A resource object seen in the previous snapshot keeps the version computed then, so a snapshot
 * that differs from the last in one resource serialises one resource.
 */
public final class SnapshotFactory {
  /** A resource's version, with its digest's first eight bytes as a number. */
  private record Digested(VersionedResource<?> versioned, long digest) {}

  private Map<Message, Digested> previous = new IdentityHashMap<>();

  public synchronized Snapshot next(XdsResources resources) {
    Map<Message, Digested> current = new IdentityHashMap<>(previous.size() + 16);
    Snapshot snapshot = new DigestedSnapshot(
        resources(resources.clusters(), current),
        resources(resources.endpoints(), current),
        resources(resources.listeners(), current),
        resources(resources.routes(), current),
        resources(List.of(), current));
    previous = current;
    return snapshot;
  }

  private <T extends Message> SnapshotResources<T> resources(List<T> messages,
      Map<Message, Digested> current) {
    List<VersionedResource<T>> versioned = new ArrayList<>(messages.size());
    String version = typeVersion(messages, previous, current, versioned);
    return SnapshotResources.create(versioned, names -> version);
  }

  private Map<Message, Digested> previousScopes = new IdentityHashMap<>();

  /**
   * The version of the scopes (served apart from the snapshot, over SRDS), digested as a snapshot
   * type is.
   */
  public synchronized String scopesVersion(List<? extends Message> scopes) {
    Map<Message, Digested> current = new IdentityHashMap<>(previousScopes.size() + 16);
    String version = typeVersion(scopes, previousScopes, current, new ArrayList<>());
    previousScopes = current;
    return version;
  }

  /**
   * The digest of the resources' own digests in list order; each resource's digest computed once
   * per object ({@code before} holds those of the last call) and added to {@code versioned}.
   */
  @SuppressWarnings("unchecked")
  private static <T extends Message> String typeVersion(List<T> messages,
      Map<Message, Digested> before, Map<Message, Digested> current,
      List<VersionedResource<T>> versioned) {
    ByteBuffer digests = ByteBuffer.allocate(messages.size() * Long.BYTES);
    for (T message : messages) {
      Digested d = before.get(message);
      if (d == null) {
        String version = version(List.of(message));
        d = new Digested(VersionedResource.create(message, version),
            Long.parseUnsignedLong(version, 16));
      }
      current.put(message, d);
      versioned.add((VersionedResource<T>) d.versioned());
      digests.putLong(d.digest());
    }
    return messages.isEmpty() ? version(List.of())
        : HexFormat.of().formatHex(sha256().digest(digests.array()), 0, 8);
  }

  /** A content digest; deterministic serialisation keeps map fields in a stable order. */
  public static String version(List<? extends Message> messages) {
    try {
      MessageDigest digest = sha256();
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
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
