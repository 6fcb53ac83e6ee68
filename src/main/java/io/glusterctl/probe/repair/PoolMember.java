package io.glusterctl.probe.repair;

/**
 * One member of the pool as a healthy member's {@code pool list} shows it.
 *
 * @param uuid the member's UUID
 * @param hostname the name its peer file gets ({@code hostname1=})
 */
public record PoolMember(String uuid, String hostname) {}
