package convbench.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** The OpenCL C sources of the kernels (class-path resources) and the build options of a program. */
final class KernelSources {
    /** Resource folder of the .cl files. */
    static final String KERNEL_DIR = "/convbench/opencl/";
    /** Helpers put in front of every kernel file: the geometry arguments, index and window arithmetic. */
    static final String HELPERS_FILE = "geometry.cl";

    private KernelSources() {
    }

    /** clBuildProgram's options: OpenCL C 1.2 and each define as -DKEY=VALUE, in key order (a cache key). */
    static String options(Map<String, ?> defines) {
        StringBuilder sb = new StringBuilder("-cl-std=CL1.2");
        for (Map.Entry<String, ?> e : new TreeMap<>(defines).entrySet()) {
            sb.append(" -D").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * What is compiled for {@code file}: the shared helpers of {@value #HELPERS_FILE} (OpenCL C has
     * no #include for our resources), then the file itself after a {@code #line 1}, so that line
     * numbers in build logs are still those of {@code file}.
     */
    static String programSource(String file) {
        return source(HELPERS_FILE) + "\n#line 1\n" + source(file);
    }

    static String source(String file) {
        try (InputStream in = KernelSources.class.getResourceAsStream(KERNEL_DIR + file)) {
            if (in == null) {
                throw new OpenClException("kernel file " + KERNEL_DIR + file + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
