package convbench.opencl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The tuning database: the kernel parameters {@code convbench tune} found best, one
 * human-readable JSON file per device. Shipped files live in {@value #RESOURCE_DIR} (listed in
 * its {@code index.txt}); a file of your own is read first when named by the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV}.
 *
 * <p>Lookup follows CLBlast's fall-back chain: a file for this exact device name, else one for
 * the same architecture (PoCL's LLVM CPU name, NVIDIA's compute capability, AMD's gfx name),
 * else the same vendor, else the same device type, else the built-in defaults of
 * {@link TuningSpace}. Within a file an entry is chosen by kernel and problem class. Unlike
 * CLBlast, which averages vendor and type defaults over many devices, a fall-back here is the
 * entry of another device of that kind: a better first guess than nothing, named as such.
 */
public final class TuningDatabase {
    public static final String RESOURCE_DIR = "/convbench/opencl/tuning/";
    public static final String PROPERTY = "convbench.opencl.tuning.db";
    public static final String ENV = "CONVBENCH_TUNING_DB";
    public static final String FORMAT = "convbench-tuning/1";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** How a device is described in a file, and what the fall-back chain compares. */
    public record DeviceKey(String name, String architecture, String vendor, String type,
                            String platform, String driver, Integer computeUnits) {
        public static DeviceKey of(DeviceInfo d) {
            return new DeviceKey(d.name(), TuningDatabase.architecture(d), d.vendor(), d.type(), d.platformName(),
                    d.driverVersion(), d.computeUnits());
        }
    }

    /**
     * One tuned kernel for one problem class: the winner, the defaults it was compared with and
     * both speeds (GFLOP/s of device time, geometric mean over {@code problems}, measured again
     * interleaved at the end of the search), how the space was searched, how many sets the
     * device refused and why ({@code refused}: reason with numbers as N, count), and the
     * candidates that failed to build or run or gave a wrong result ({@code rejected}).
     */
    public record Entry(String kernel, @JsonProperty("class") String problemClass,
                        Map<String, Integer> parameters, Map<String, Integer> defaultParameters,
                        Double tunedGflops, Double defaultGflops, List<String> problems,
                        String measured, String search, Map<String, Integer> refused, List<String> rejected) {
    }

    /** One file: a device and its entries. */
    public record DeviceFile(String format, DeviceKey device, String updated, List<Entry> entries) {
        public Entry find(String kernel, String problemClass) {
            for (Entry e : entries == null ? List.<Entry>of() : entries) {
                if (kernel.equals(e.kernel()) && problemClass.equals(e.problemClass())) {
                    return e;
                }
            }
            return null;
        }
    }

    /** A loaded file and where it came from (for messages). */
    public record Source(String location, DeviceFile file) {
    }

    /**
     * What was chosen for one kernel: the parameters and a phrase saying where they come from,
     * e.g. {@code tuning/pocl-cpu.json (device name), forward.large-k}.
     */
    public record Choice(Map<String, Integer> parameters, String source) {
    }

    /** The fall-back levels, best first. */
    public enum Level {
        DEVICE_NAME("device name"), ARCHITECTURE("architecture"), VENDOR("vendor"), DEVICE_TYPE("device type");

        final String label;

        Level(String label) {
            this.label = label;
        }

        boolean matches(DeviceKey file, DeviceKey device) {
            return switch (this) {
                case DEVICE_NAME -> same(file.name(), device.name());
                case ARCHITECTURE -> same(file.architecture(), device.architecture());
                case VENDOR -> same(file.vendor(), device.vendor());
                case DEVICE_TYPE -> same(file.type(), device.type());
            };
        }

        private static boolean same(String a, String b) {
            return a != null && !a.isBlank() && a.equals(b);
        }
    }

    private static final CachedValue<TuningDatabase> LOADED = new CachedValue<>(TuningDatabase::load);

    private final List<Source> sources;

    public TuningDatabase(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    public List<Source> sources() {
        return sources;
    }

    /** The database of this process: the user's file (if named) before the shipped ones. Cached. */
    public static TuningDatabase get() {
        return LOADED.get();
    }

    /** Forgets the cached database (after the tuner wrote a file, or a test changed the property). */
    public static void reload() {
        LOADED.forget();
    }

    /** The user's database file from the property or the environment, null when neither names one. */
    public static Path userFile() {
        String s = PropertyOrEnv.value(PROPERTY, ENV);
        return s == null ? null : Path.of(s);
    }

    private static TuningDatabase load() {
        List<Source> out = new ArrayList<>();
        Path user = userFile();
        if (user != null && Files.exists(user)) {
            out.add(new Source(user.toString(), read(user)));
        } else if (user != null) {
            throw new OpenClException("tuning database " + user + " (from " + PROPERTY + " or " + ENV + ") does not exist");
        }
        for (String name : shippedNames()) {
            String resource = RESOURCE_DIR + name;
            try (InputStream in = TuningDatabase.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new OpenClException("tuning database: " + resource + " is listed in index.txt but not on the class path");
                }
                out.add(new Source("tuning/" + name, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource)));
            } catch (IOException e) {
                throw new OpenClException("tuning database " + resource + ": " + e.getMessage(), e);
            }
        }
        return new TuningDatabase(out);
    }

    static List<String> shippedNames() {
        try (InputStream in = TuningDatabase.class.getResourceAsStream(RESOURCE_DIR + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    names.add(t);
                }
            }
            return names;
        } catch (IOException e) {
            throw new OpenClException("tuning database index: " + e.getMessage(), e);
        }
    }

    /** Reads and checks one file; errors name the file and the field. */
    public static DeviceFile read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new OpenClException("tuning database " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static DeviceFile parse(String json, String where) {
        DeviceFile f;
        try {
            f = MAPPER.readValue(json, DeviceFile.class);
        } catch (JsonProcessingException e) {
            throw new OpenClException("tuning database " + where + ": not a valid tuning file: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(f.format())) {
            throw new OpenClException("tuning database " + where + ": field 'format' is " + f.format() + ", expected " + FORMAT);
        }
        if (f.device() == null || f.device().name() == null) {
            throw new OpenClException("tuning database " + where + ": field 'device.name' is missing");
        }
        List<Entry> entries = f.entries() == null ? List.of() : f.entries();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String at = where + ": entries[" + i + "]";
            TuningSpace space = e.kernel() == null ? null : TuningSpace.byKernel(e.kernel());
            if (space == null) {
                throw new OpenClException("tuning database " + at + ": field 'kernel' is " + e.kernel()
                        + ", expected one of " + TuningSpace.ALL.stream().map(TuningSpace::kernel).toList());
            }
            if (e.problemClass() == null || e.problemClass().isBlank()) {
                throw new OpenClException("tuning database " + at + ": field 'class' is missing");
            }
            if (e.parameters() == null || !e.parameters().keySet().equals(space.cpuDefaults().keySet())) {
                throw new OpenClException("tuning database " + at + ": field 'parameters' must set exactly "
                        + space.cpuDefaults().keySet() + " for kernel " + e.kernel() + ", found "
                        + (e.parameters() == null ? "none" : e.parameters().keySet()));
            }
            for (Map.Entry<String, Integer> p : e.parameters().entrySet()) {
                int least = space.values().get(p.getKey()).contains(0) ? 0 : 1;   // KFIX may be 0
                if (p.getValue() == null || p.getValue() < least) {
                    throw new OpenClException("tuning database " + at + ": parameter " + p.getKey()
                            + " must be an integer of at least " + least);
                }
            }
            String invalid = space.refuses(e.parameters(), null);
            if (invalid != null) {
                throw new OpenClException("tuning database " + at + ": parameters " + TuningSpace.format(e.parameters())
                        + " are invalid: " + invalid);
            }
        }
        return new DeviceFile(f.format(), f.device(), f.updated(), entries);
    }

    /**
     * The parameters of {@code space}'s kernel for a problem class on a device: the first file
     * along the fall-back chain with an entry for that kernel and class, else the built-in
     * defaults. A {@code -Dconvbench.opencl.tune.KERNEL=K=V,...} property overrides on top.
     */
    public Choice choose(DeviceInfo device, TuningSpace space, String problemClass) {
        DeviceKey key = DeviceKey.of(device);
        Choice found = null;
        for (Level level : Level.values()) {
            for (Source s : sources) {
                if (level.matches(s.file().device(), key)) {
                    Entry e = s.file().find(space.kernel(), problemClass);
                    if (e != null) {
                        found = new Choice(e.parameters(), s.location() + " by " + level.label);
                        break;
                    }
                }
            }
            if (found != null) {
                break;
            }
        }
        if (found == null) {
            found = new Choice(space.defaults(device), "built-in defaults for " + (device.isGpu() ? "GPU" : "CPU")
                    + " devices (no tuning entry for " + space.kernel() + " " + problemClass + ")");
        }
        Map<String, Integer> withOverride = Tuning.of(space.kernel(), found.parameters());
        if (!withOverride.equals(found.parameters())) {
            return new Choice(withOverride, "-Dconvbench.opencl.tune." + space.kernel() + " over " + found.source());
        }
        return found;
    }

    /**
     * Which file serves a device and at what level, or that none does: what {@code devices} and
     * {@code list impls} show.
     */
    public String describeMatch(DeviceInfo device) {
        DeviceKey key = DeviceKey.of(device);
        for (Level level : Level.values()) {
            for (Source s : sources) {
                if (level.matches(s.file().device(), key)) {
                    int n = s.file().entries().size();
                    return s.location() + " (matched by " + level.label + (level == Level.DEVICE_NAME ? ""
                            : ", measured on " + s.file().device().name()) + "; " + n + " entr" + (n == 1 ? "y" : "ies") + ")";
                }
            }
        }
        return "none for this device: built-in defaults (run 'convbench tune')";
    }

    /**
     * The device's architecture for the fall-back chain, "" when unknown: PoCL's LLVM CPU name
     * (the lower-case part of a name such as {@code pthread-skylake-avx512-Intel(R) Xeon(R)}),
     * NVIDIA's compute capability ({@code sm_80}), AMD's {@code gfx} name.
     */
    public static String architecture(DeviceInfo d) {
        String name = d.name() == null ? "" : d.name();
        if (name.startsWith("pthread-") || name.startsWith("cpu-") || name.startsWith("basic-")) {
            String[] parts = name.split("-");
            List<String> arch = new ArrayList<>();
            for (int i = 1; i < parts.length && parts[i].matches("[a-z0-9_.]+"); i++) {
                arch.add(parts[i]);
            }
            return String.join("-", arch);
        }
        String vendor = d.vendor() == null ? "" : d.vendor().toLowerCase(Locale.ROOT);
        if (vendor.contains("nvidia") && d.device() != null) {
            try {
                int[] major = new int[1];
                int[] minor = new int[1];
                CL.clGetDeviceInfo(d.device(), 0x4000, Sizeof.cl_uint, Pointer.to(major), null); // CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV
                CL.clGetDeviceInfo(d.device(), 0x4001, Sizeof.cl_uint, Pointer.to(minor), null); // ..._MINOR_NV
                return "sm_" + major[0] + minor[0];
            } catch (RuntimeException e) {
                return "";
            }
        }
        if (name.startsWith("gfx")) {
            return name;
        }
        return "";
    }

    /** A file name for a device's entries: lower case, letters, digits and dashes. */
    public static String fileNameFor(DeviceInfo d) {
        String slug = (d.platformName().toLowerCase(Locale.ROOT).contains("portable computing language") ? "pocl-" : "")
                + d.name().toLowerCase(Locale.ROOT);
        slug = slug.replaceAll("\\((r|tm)\\)", "").replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return slug + ".json";
    }

    /**
     * Adds or replaces entries (by kernel and class) in {@code file}, creating it for
     * {@code device}; written atomically. A file that belongs to another device is refused.
     */
    public static DeviceFile merge(Path file, DeviceInfo device, List<Entry> entries, String now) {
        DeviceKey key = DeviceKey.of(device);
        Map<String, Entry> byKey = new LinkedHashMap<>();
        if (Files.exists(file)) {
            DeviceFile old = read(file);
            if (!Objects.equals(old.device().name(), key.name())) {
                throw new OpenClException("tuning database " + file + " holds entries of device '" + old.device().name()
                        + "', not of '" + key.name() + "': choose another --db file");
            }
            for (Entry e : old.entries()) {
                byKey.put(e.kernel() + "|" + e.problemClass(), e);
            }
        }
        for (Entry e : entries) {
            byKey.put(e.kernel() + "|" + e.problemClass(), e);
        }
        DeviceFile out = new DeviceFile(FORMAT, key, now, new ArrayList<>(byKey.values()));
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            Files.writeString(tmp, MAPPER.writeValueAsString(out) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OpenClException("tuning database " + file + ": cannot write: " + e.getMessage(), e);
        }
        return out;
    }
}
