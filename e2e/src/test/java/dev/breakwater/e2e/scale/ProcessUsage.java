package dev.breakwater.e2e.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory and CPU time as the kernel counts them, for any pid. */
final class ProcessUsage {
  /** USER_HZ: the unit of utime and stime in /proc/<pid>/stat (100 on every Linux we run). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessUsage() {}

  /** VmRSS of /proc/<pid>/status in bytes; -1 when the process is gone. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** utime + stime of /proc/<pid>/stat in seconds (all threads); NaN when the process is gone. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may hold spaces
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      // f[0] is field 3 (state): utime is field 14, stime field 15
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
