package convbench.verify;

import convbench.fixtures.Fixture;
import convbench.fixtures.FixtureException;
import convbench.fixtures.FixtureLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds fixtures from JSON text for tests. */
final class TestFixtures {
    private TestFixtures() {
    }

    /** d2l 1.1.1: X = 0..8 (3x3), K = [[0,1],[2,3]]; the four sums are worked out in the text: 19, 25, 37, 43. */
    static String corr2d(String id, String expectedY, String erratum) {
        return "{\"id\":\"" + id + "\",\"title\":\"t\",\"source\":{\"document\":\"d\",\"section\":\"s\",\"kind\":\"text\"},"
                + "\"op\":\"conv2d\",\"inputs\":{\"x\":[[0,1,2],[3,4,5],[6,7,8]],\"w\":[[0,1],[2,3]]},"
                + "\"expected\":{\"y\":" + expectedY + "}" + (erratum == null ? "" : ",\"documentErratum\":" + erratum) + "}";
    }

    static List<Fixture> parse(String... fixtures) throws FixtureException {
        String json = "{\"formatVersion\":1,\"fixtures\":[" + String.join(",", fixtures) + "]}";
        return new FixtureLoader().parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }
}
