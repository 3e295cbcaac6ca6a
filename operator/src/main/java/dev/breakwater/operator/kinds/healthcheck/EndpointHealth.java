package dev.breakwater.operator.kinds.healthcheck;

/**
 * One endpoint of a health-checked cluster as the proxies see it.
 *
 * @param address "10.244.1.7:8080" ("[fd00::7]:8080" for IPv6)
 * @param healthy every reporting proxy balances load to it
 */
public record EndpointHealth(String cluster, String address, boolean healthy) {}
