package convbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import convbench.compare.Compare;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options declared once in mixins ({@link PointSelectionOptions}, {@link MeasurementOptions},
 * {@link DeviceOption}, {@link ThresholdOption}) keep each command's own wording in its help.
 */
class SharedOptionsTest {
    private static final Map<String, CommandSpec> COMMANDS = new TreeMap<>();

    static {
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            COMMANDS.put(e.getKey(), e.getValue().getCommandSpec());
        }
    }

    @Test
    void everyWordingNamesAnOptionOfItsCommandAndIsTheOneItsHelpShows() {
        Set<String> worded = new TreeSet<>();
        for (CommandSpec spec : COMMANDS.values()) {
            if (!(spec.resourceBundle() instanceof OptionTexts texts)) {
                continue;
            }
            worded.add(spec.name());
            for (String key : texts.keySet()) {
                OptionSpec option = spec.findOption("--" + key);
                assertNotNull(option, spec.name() + "'s texts word '" + key + "', which is none of its options");
                String shown = texts.getString(key).replace("%%", "%"); // as in an annotation's description
                assertArrayEquals(new String[] {shown}, option.description(), spec.name() + " --" + key);
            }
        }
        assertEquals(Set.of("ab", "devices", "run", "tune", "verify"), worded);
    }

    /** A wording left out would show bench's text instead: each command's own is still its own. */
    @Test
    void theCommandsThatWordAnOptionTheirOwnWayStillDiffer() {
        distinct("--suite", 4, "bench", "ab", "run", "tune");
        distinct("--impl", 5, "bench", "ab", "run", "tune", "verify");
        distinct("--direction", 3, "bench", "ab", "tune");
        distinct("--device", 4, "bench", "verify", "run", "tune", "devices");
        for (String option : List.of("--forks", "--max-forks", "--extra-time", "--iterations", "--time")) {
            distinct(option, 2, "bench", "ab");
        }
        distinct("--threshold", 1, "compare", "ab");
        assertEquals(description("bench", "--device"), description("verify", "--device"));
    }

    private static void distinct(String option, int expected, String... commands) {
        Map<String, String> byCommand = new TreeMap<>();
        for (String c : commands) {
            byCommand.put(c, description(c, option));
        }
        assertEquals(expected, byCommand.values().stream().collect(Collectors.toSet()).size(),
                option + ": " + byCommand);
    }

    private static String description(String command, String option) {
        OptionSpec o = COMMANDS.get(command).findOption(option);
        assertNotNull(o, command + " " + option);
        return String.join(" ", o.description());
    }

    @Test
    void theExitCodesAreTheDocumentedNumbersAndCompareHasTheSame() {
        assertEquals(List.of(0, 1, 2, 3),
                List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE, ExitCodes.ENVIRONMENT));
        assertEquals(List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE),
                List.of(Compare.EXIT_OK, Compare.EXIT_REGRESSION, Compare.EXIT_BAD_INPUT));
    }
}
