package dev.breakwater.e2e.scale;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads the two or three fields a synthetic proxy needs from a serialised resource without
 * parsing the rest: a hundred clients each parsing every cluster of every response in full would
 * spend the CPU the operator is being measured on.
 */
final class ResourceFields {
  /** Cluster.type EDS (envoy.config.cluster.v3.Cluster.DiscoveryType). */
  private static final int EDS = 3;

  private ResourceFields() {}

  /**
   * A cluster's name and the name it asks EDS for (its eds_cluster_config.service_name, else its
   * own), or null for the EDS name when the cluster is not of type EDS.
   */
  record ClusterNames(String name, String edsName) {}

  static ClusterNames cluster(ByteString bytes) {
    try {
      CodedInputStream in = bytes.newCodedInput();
      String name = null;
      boolean eds = false;
      String serviceName = null;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> name = in.readStringRequireUtf8();
          case 2 -> eds = in.readEnum() == EDS;
          case 3 -> serviceName = edsServiceName(in.readBytes());
          default -> in.skipField(tag);
        }
      }
      String edsName = !eds ? null : serviceName == null || serviceName.isEmpty() ? name
          : serviceName;
      return new ClusterNames(name, edsName);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name field (1) of any resource that has it there (Cluster, RouteConfiguration...). */
  static String name(ByteString bytes) {
    try {
      CodedInputStream in = bytes.newCodedInput();
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) == 1) {
          return in.readStringRequireUtf8();
        }
        in.skipField(tag);
      }
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ClusterLoadAssignment.cluster_name is field 1 as well. */
  static String clusterLoadAssignmentName(ByteString bytes) {
    return name(bytes);
  }

  private static String edsServiceName(ByteString config) throws IOException {
    CodedInputStream in = config.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (WireFormat.getTagFieldNumber(tag) == 2) {
        return in.readStringRequireUtf8();
      }
      in.skipField(tag);
    }
    return null;
  }
}
