package convbench.bench;

import convbench.api.DeviceTimed;
import convbench.api.Implementation;

/**
 * Reads device times from an implementation through {@link DeviceTimed} (the OpenCL
 * implementations and the onednn peer implement it); {@link #of} returns null for the others.
 * Values that are negative or not finite read as unknown (null).
 */
public abstract class DeviceTimes {

    public abstract Double lastDeviceMs();

    public abstract Double lastEndToEndMs();

    public abstract Double buildMs();

    public abstract String deviceName();

    /**
     * Running totals (device ms, end-to-end ms, operations) when the implementation keeps them,
     * else null: with a reading before and after a measurement iteration, the harness averages over
     * every operation of the iteration, the same operations JMH's score covers.
     */
    public double[] totals() {
        return null;
    }

    public static DeviceTimes of(Implementation impl) {
        if (impl instanceof DeviceTimed dt) {
            return new DeviceTimes() {
                @Override
                public Double lastDeviceMs() {
                    return finite(dt.lastDeviceMs());
                }

                @Override
                public Double lastEndToEndMs() {
                    return finite(dt.lastEndToEndMs());
                }

                @Override
                public Double buildMs() {
                    return finite(dt.buildMs());
                }

                @Override
                public String deviceName() {
                    return dt.deviceName();
                }

                @Override
                public double[] totals() {
                    Double d = dt.totalDeviceMs();
                    Double e = dt.totalEndToEndMs();
                    long n = dt.operationCount();
                    return d == null || e == null || n < 0 ? null : new double[] {d, e, n};
                }
            };
        }
        return null;
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) || d < 0 ? null : d;
    }
}
