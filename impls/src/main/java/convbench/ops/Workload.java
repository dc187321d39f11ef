package convbench.ops;

/**
 * The work one benchmark point does, from the shapes' own arithmetic: FLOPs with and without
 * padding taps, and the minimum bytes it must move (each tensor it reads or writes, once).
 * Pooling "FLOPs" are its comparisons or additions; for pooling the bandwidth is the figure
 * that matters.
 *
 * @param flopsNoPadding null for pooling
 */
public record Workload(double flops, Double flopsNoPadding, double bytes) {
}
