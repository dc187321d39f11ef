package convbench.bench;

import convbench.api.DeviceTimed;
import convbench.api.Implementation;
import java.lang.reflect.Method;

/**
 * Reads device times from an implementation: through {@link DeviceTimed}, or by reflection
 * from {@code convbench.opencl.OpenClTimed}-style methods ({@code lastDeviceNanos()},
 * {@code lastEndToEndNanos()}, {@code buildNanos()}). {@link #of} returns null for CPU
 * implementations.
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
        Method device = method(impl, "lastDeviceNanos");
        Method endToEnd = method(impl, "lastEndToEndNanos");
        Method build = method(impl, "buildNanos");
        Method name = method(impl, "deviceName");
        if (device == null && endToEnd == null && build == null) {
            return null;
        }
        return new DeviceTimes() {
            @Override
            public Double lastDeviceMs() {
                return nanosToMs(call(device, impl));
            }

            @Override
            public Double lastEndToEndMs() {
                return nanosToMs(call(endToEnd, impl));
            }

            @Override
            public Double buildMs() {
                return nanosToMs(call(build, impl));
            }

            /** Its deviceName() if it has one, else its variant() (OpenCL implementations describe their device there). */
            @Override
            public String deviceName() {
                Object o = name != null ? call(name, impl) : variantOf(impl);
                return o == null || o.toString().isBlank() ? null : o.toString();
            }
        };
    }

    private static String variantOf(Implementation impl) {
        try {
            return impl.variant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Method method(Object target, String name) {
        try {
            Method m = target.getClass().getMethod(name);
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException | RuntimeException e) {
            return null;
        }
    }

    private static Object call(Method m, Object target) {
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Double nanosToMs(Object value) {
        if (value instanceof Number n && n.doubleValue() >= 0 && Double.isFinite(n.doubleValue())) {
            return n.doubleValue() / 1e6;
        }
        return null;
    }

    private static Double finite(Double d) {
        return d == null || !Double.isFinite(d) || d < 0 ? null : d;
    }
}
