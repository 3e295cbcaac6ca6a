package dev.breakwater.operator.probes;

/**
 * The port a probe targets in a container.
 *
 * @param name the container port's name when the Service targets it by name, else null
 * @param number the container port number
 */
public record ContainerPort(String name, int number) {}
