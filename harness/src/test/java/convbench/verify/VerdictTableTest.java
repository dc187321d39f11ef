package convbench.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import convbench.api.Implementation;
import convbench.api.Op;
import convbench.api.Support;
import convbench.api.Tensor;
import convbench.api.Window;
import convbench.cpu.NaiveImpl;
import convbench.fixtures.Fixture;
import convbench.results.VerificationFile;
import convbench.results.VerificationFile.ImplResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every row of the verdict table, and every per-implementation status. */
class VerdictTableTest {
    static final String RIGHT = "[[19,25],[37,43]]";
    static final String WRONG = "[[19,25],[37,44]]";

    /** Writes y = 1 everywhere: wrong. */
    static final class WrongImpl extends Named {
        WrongImpl() {
            super("wrong");
        }

        @Override
        public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
            Arrays.fill(y.data(), 1f);
        }
    }

    /** Writes nothing: the NaN the harness poisons outputs with must make it fail. */
    static final class LazyImpl extends Named {
        LazyImpl() {
            super("lazy");
        }

        @Override
        public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
        }
    }

    static final class ThrowingImpl extends Named {
        ThrowingImpl() {
            super("throws");
        }

        @Override
        public void conv2d(Tensor x, Tensor w, Tensor b, Window g, Tensor y) {
            throw new ArrayIndexOutOfBoundsException(7);
        }
    }

    static final class NoConvImpl extends Named {
        NoConvImpl() {
            super("noconv");
        }

        @Override
        public Support supports(Op op, Window window) {
            return Support.no("conv2d not implemented here");
        }
    }

    static final class UnavailableImpl extends Named {
        UnavailableImpl() {
            super("nodevice");
        }

        @Override
        public Support available() {
            return Support.no("no OpenCL platform found");
        }
    }

    abstract static class Named implements Implementation {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "test";
        }

        @Override
        public String documentSection() {
            return "test";
        }

        @Override
        public Support supports(Op op, Window window) {
            return Support.yes();
        }
    }

    private static VerificationFile run(boolean ci, List<Implementation> impls, String... fixtures) throws Exception {
        List<Fixture> f = TestFixtures.parse(fixtures);
        return new VerifyEngine(impls, null, (x, i) -> "repro " + x.id() + " " + i, ci).run(f, null);
    }

    private static ImplResult result(VerificationFile vf, String impl) {
        return vf.results().stream().filter(r -> r.impl().equals(impl)).findFirst().orElseThrow();
    }

    @Test
    void agreeWithoutErratumHolds() throws Exception {
        VerificationFile vf = run(false, List.of(new NaiveImpl(), new WrongImpl()), TestFixtures.corr2d("a", RIGHT, null));
        assertEquals(VerifyEngine.HOLDS, vf.fixtures().get(0).documentStatus());
        assertEquals(VerifyEngine.PASS, result(vf, "naive").status());
        assertEquals(VerifyEngine.FAIL, result(vf, "wrong").status());
        assertTrue(result(vf, "wrong").message().contains("y 0:0:0:0 expected 19 got 1 diff -18"),
                result(vf, "wrong").message());
        assertTrue(result(vf, "wrong").message().contains("repro a wrong"));
        assertTrue(VerifyEngine.failed(vf.summary()));
    }

    @Test
    void disagreeWithErratumIsAnExpectedErratum() throws Exception {
        String erratum = "{\"reason\":\"the last sum is 43\",\"corrected\":{\"y\":" + RIGHT + "}}";
        VerificationFile vf = run(false, List.of(new NaiveImpl()), TestFixtures.corr2d("b", WRONG, erratum));
        var v = vf.fixtures().get(0);
        assertEquals(VerifyEngine.ERRATUM, v.documentStatus());
        assertEquals("y = [19, 25; 37, 44]", v.stated());
        assertEquals("y = [19, 25; 37, 43]", v.reference());
        // the implementation is compared with the correction, so the right code passes
        assertEquals(VerifyEngine.PASS, result(vf, "naive").status());
        assertEquals(1, vf.summary().errata());
        assertFalse(VerifyEngine.failed(vf.summary()));
    }

    @Test
    void disagreeWithoutErratumIsUnexpectedAndFails() throws Exception {
        VerificationFile vf = run(false, List.of(new NaiveImpl()), TestFixtures.corr2d("c", WRONG, null));
        assertEquals(VerifyEngine.UNEXPECTED_ERRATUM, vf.fixtures().get(0).documentStatus());
        // compared with the reference R: the right code passes, yet the run fails
        assertEquals(VerifyEngine.PASS, result(vf, "naive").status());
        assertEquals(1, vf.summary().unexpectedErrata());
        assertTrue(VerifyEngine.failed(vf.summary()));
    }

    @Test
    void agreeWithErratumIsStaleAndFails() throws Exception {
        String erratum = "{\"reason\":\"thought wrong\",\"corrected\":{\"y\":" + WRONG + "}}";
        VerificationFile vf = run(false, List.of(new NaiveImpl()), TestFixtures.corr2d("d", RIGHT, erratum));
        assertEquals(VerifyEngine.ERRATUM_NOT_REPRODUCED, vf.fixtures().get(0).documentStatus());
        assertEquals(VerifyEngine.PASS, result(vf, "naive").status());
        assertEquals(1, vf.summary().staleErrata());
        assertTrue(VerifyEngine.failed(vf.summary()));
    }

    @Test
    void aCorrectionThatDisagreesWithTheReferenceNeedsALook() throws Exception {
        String erratum = "{\"reason\":\"wrong fix\",\"corrected\":{\"y\":[[19,25],[37,45]]}}";
        VerificationFile vf = run(false, List.of(new NaiveImpl()), TestFixtures.corr2d("e", WRONG, erratum));
        assertEquals(VerifyEngine.UNEXPECTED_ERRATUM, vf.fixtures().get(0).documentStatus());
        assertTrue(vf.fixtures().get(0).message().contains("corrected disagrees"));
    }

    @Test
    void perImplementationStatuses() throws Exception {
        VerificationFile vf = run(false, List.of(new LazyImpl(), new ThrowingImpl(), new NoConvImpl(), new UnavailableImpl()),
                TestFixtures.corr2d("f", RIGHT, null));
        assertEquals(VerifyEngine.FAIL, result(vf, "lazy").status());
        assertTrue(result(vf, "lazy").message().contains("got NaN"), result(vf, "lazy").message());
        assertEquals(VerifyEngine.ERROR, result(vf, "throws").status());
        assertTrue(result(vf, "throws").message().contains("ArrayIndexOutOfBoundsException"));
        assertEquals(VerifyEngine.SKIPPED, result(vf, "noconv").status());
        assertEquals("conv2d not implemented here", result(vf, "noconv").message());
        assertEquals(VerifyEngine.SKIPPED, result(vf, "nodevice").status());
        var s = vf.summary();
        assertEquals(1, s.failed());
        assertEquals(1, s.errors());
        assertEquals(2, s.skipped());
    }

    @Test
    void underCiAnUnavailableImplementationIsAnError() throws Exception {
        VerificationFile vf = run(true, List.of(new UnavailableImpl()), TestFixtures.corr2d("g", RIGHT, null));
        assertEquals(VerifyEngine.ERROR, result(vf, "nodevice").status());
        assertTrue(result(vf, "nodevice").message().contains("CI=true"));
    }

    @Test
    void aSparseGeneratedCaseIsMistrustedNotPassed() throws Exception {
        // A generated ReLU case whose input is all negative: the reference output is all zeros,
        // so the lazy "write zeros" kernel would pass; the harness must not call that a pass.
        Fixture base = GeneratedCases.generate(GeneratedCases.templateCount(), 1L).stream()
                .filter(f -> f.op() == Op.RELU).findFirst().orElseThrow();
        var x = base.inputs().get("x");
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = -Math.abs(x.data()[i]);
        }
        Implementation zeros = new Named("zeros") {
            @Override
            public void relu(Tensor in, Tensor y) {
                Arrays.fill(y.data(), 0f);
            }
        };
        VerificationFile vf = new VerifyEngine(List.of(zeros), null, (f, i) -> "", false).run(List.of(base), null);
        assertEquals(VerifyEngine.MISTRUSTED, result(vf, "zeros").status());
        assertEquals(1, vf.summary().mistrusted());
        assertEquals(0, vf.summary().passed());
    }
}
