package convbench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import convbench.api.Implementation;
import convbench.api.Implementations;
import convbench.api.Support;
import convbench.api.Op;
import convbench.fixtures.Fixture;
import convbench.ops.OddGeometries;
import convbench.fixtures.FixtureLoader;
import convbench.results.VerificationFile.ImplResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped fixture and every generated case on every discovered implementation: one test
 * per (fixture, implementation). A fixture's document status must be HOLDS or ERRATUM (an
 * unexpected or stale erratum is a failure), and every implementation must PASS or be SKIPPED
 * with a reason.
 */
class ConformanceTest {
    private static List<Implementation> impls;
    private static final Map<String, Support> AVAILABLE = new HashMap<>();

    @BeforeAll
    static void discover() {
        impls = Implementations.discover();
        impls.forEach(i -> AVAILABLE.put(i.name(), i.available()));
    }

    @AfterAll
    static void close() {
        impls.forEach(Implementation::close);
    }

    @Test
    void theNaiveImplementationIsDiscovered() {
        assertTrue(impls.stream().anyMatch(i -> i.name().equals("naive")));
    }

    @Test
    void theShippedFixturesCoverEveryDocument() throws Exception {
        List<Fixture> shipped = new FixtureLoader().loadShipped();
        assertTrue(shipped.size() >= 40, "expected 40 or more shipped fixtures, found " + shipped.size());
        for (String doc : List.of("000_36577c76d4a7c0d3.txt", "001_ff6b80459da32d29.txt", "002_5896863ed3901d56.txt",
                "003_5cec9f0093f625fe.txt", "004_a41e4343528fdea9.txt")) {
            assertTrue(shipped.stream().anyMatch(f -> f.source().document().equals(doc)), "no fixture from " + doc);
        }
    }

    @TestFactory
    Stream<DynamicTest> shippedFixtures() throws Exception {
        return tests(new FixtureLoader().loadShipped());
    }

    @TestFactory
    Stream<DynamicTest> generatedCases() {
        // Twice the template set: every geometry with two different draws of data.
        return tests(GeneratedCases.generate(2 * GeneratedCases.templateCount(), GeneratedCases.DEFAULT_SEED));
    }

    private static Stream<DynamicTest> tests(List<Fixture> fixtures) {
        boolean ci = "true".equals(System.getenv("CI"));
        VerifyEngine engine = new VerifyEngine(impls, null, (f, i) -> "verify --impl " + i + " --only " + f.id(), ci);
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixture f : fixtures) {
            VerifyEngine.Outcome[] outcome = new VerifyEngine.Outcome[1];
            tests.add(DynamicTest.dynamicTest(f.id() + " document status", () -> {
                outcome[0] = engine.verify(f, AVAILABLE);
                String st = outcome[0].verdict().documentStatus();
                assertTrue(st.equals(VerifyEngine.HOLDS) || st.equals(VerifyEngine.ERRATUM)
                        || st.equals(VerifyEngine.GENERATED), f.id() + ": " + st + ": " + outcome[0].verdict().message());
            }));
            for (Implementation impl : impls) {
                tests.add(DynamicTest.dynamicTest(f.id() + " on " + impl.name(), () -> {
                    if (outcome[0] == null) {
                        outcome[0] = engine.verify(f, AVAILABLE);
                    }
                    ImplResult r = outcome[0].results().stream().filter(x -> x.impl().equals(impl.name()))
                            .findFirst().orElseThrow();
                    switch (r.status()) {
                        case VerifyEngine.PASS -> {
                        }
                        case VerifyEngine.SKIPPED -> assertFalse(r.message() == null || r.message().isBlank(),
                                "a skip must say why");
                        default -> fail(impl.name() + " " + r.status() + " on " + f.id() + ":\n" + r.message());
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** Grouped cases: the CPU implementations and opencl-direct run them, the other OpenCL ones say why not. */
    @Test
    void groupedCasesRunWhereSupportedAndAreSkippedWithAReasonElsewhere() {
        List<Fixture> grouped = GeneratedCases.generate(GeneratedCases.templateCount(), GeneratedCases.DEFAULT_SEED)
                .stream().filter(f -> f.window().isGrouped()).toList();
        long groupedGeometries = OddGeometries.CONVOLUTIONS.stream().filter(c -> c.shape().window().isGrouped()).count();
        assertTrue(groupedGeometries >= 6);
        assertEquals(2 * groupedGeometries, grouped.size(), "every grouped geometry of the dataset, forward and backward");
        VerifyEngine engine = new VerifyEngine(impls, null, (f, i) -> "", false);
        for (Fixture f : grouped) {
            for (ImplResult r : engine.verify(f, AVAILABLE).results()) {
                boolean runsGroups = List.of("naive", "im2col", "blocked", "opencl-direct", "onednn").contains(r.impl());
                boolean available = AVAILABLE.get(r.impl()).supported();
                if (runsGroups && available) {
                    assertEquals(VerifyEngine.PASS, r.status(), f.id() + " on " + r.impl() + ": " + r.message());
                } else if (available) {
                    assertEquals(VerifyEngine.SKIPPED, r.status(), f.id() + " on " + r.impl());
                    assertTrue(r.message().contains("group"), r.impl() + ": " + r.message());
                }
            }
        }
    }

    private static int[] x(Fixture f) {
        return f.inputs().get("x").shape();
    }

    private static void assertCovers(List<Fixture> cases, String what, java.util.function.Predicate<Fixture> p) {
        assertTrue(cases.stream().anyMatch(p), "no generated case with " + what);
    }

    @Test
    void generatedCasesAreReproducibleAndVaried() {
        List<Fixture> a = GeneratedCases.generate(GeneratedCases.templateCount(), 7L);
        List<Fixture> b = GeneratedCases.generate(GeneratedCases.templateCount(), 7L);
        List<Fixture> c = GeneratedCases.generate(GeneratedCases.templateCount(), 8L);
        assertEquals(a.get(3).inputs().get("x").data()[5], b.get(3).inputs().get("x").data()[5]);
        boolean differs = false;
        for (int i = 0; i < a.size() && !differs; i++) {
            differs = !java.util.Arrays.equals(a.get(i).inputs().values().iterator().next().data(),
                    c.get(i).inputs().values().iterator().next().data());
        }
        assertTrue(differs, "another seed must give other data");
        // the geometry set covers what the standards ask for, read from the cases themselves
        List<Fixture> conv = a.stream().filter(f -> f.op() == Op.CONV2D).toList();
        List<Fixture> pool = a.stream().filter(f -> f.op() == Op.MAXPOOL2D).toList();
        for (List<Fixture> cases : List.of(conv, pool)) {
            String what = cases.get(0).op().id();
            assertCovers(cases, what + " 17x13", f -> x(f)[2] == 17 && x(f)[3] == 13);
            assertCovers(cases, what + " kernel equal to the input", f -> f.window().kh() == x(f)[2] && f.window().kw() == x(f)[3]);
            assertCovers(cases, what + " stride larger than the kernel", f -> f.window().sh() > f.window().kh()
                    || f.window().sw() > f.window().kw());
            assertCovers(cases, what + " asymmetric padding", f -> f.window().padTop() != f.window().padBottom()
                    || f.window().padLeft() != f.window().padRight());
            assertCovers(cases, what + " dilation", f -> f.window().dh() > 1 || f.window().dw() > 1);
            assertCovers(cases, what + " batch 1", f -> x(f)[0] == 1);
            assertCovers(cases, what + " batch > 1", f -> x(f)[0] > 1);
            assertCovers(cases, what + " 1 channel", f -> x(f)[1] == 1);
            assertCovers(cases, what + " 3 channels", f -> x(f)[1] == 3);
            assertCovers(cases, what + " 16+ channels", f -> x(f)[1] >= 16);
        }
        assertCovers(conv, "1x1 kernel", f -> f.window().kh() == 1 && f.window().kw() == 1);
        assertCovers(conv, "1x1 input", f -> x(f)[2] == 1 && x(f)[3] == 1);
        assertCovers(conv, "groups, not depthwise", f -> f.window().isGrouped() && f.window().groups() < x(f)[1]);
        assertCovers(conv, "depthwise", f -> f.window().groups() == x(f)[1] && x(f)[1] > 1);
        assertCovers(conv, "depthwise stride 2", f -> f.window().groups() == x(f)[1] && f.window().sh() == 2);
    }
}
