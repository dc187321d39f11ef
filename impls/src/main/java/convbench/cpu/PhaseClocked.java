package convbench.cpu;

import convbench.api.PhaseTimed;
import java.util.Map;

/** {@link PhaseTimed} for the CPU implementations: everything comes from their {@link PhaseClock}. */
interface PhaseClocked extends PhaseTimed {

    /** The clock the implementation's phases are added to. */
    PhaseClock phaseClock();

    @Override
    default void timePhases(boolean on) {
        phaseClock().setOn(on);
    }

    @Override
    default Map<String, Long> phaseNanos() {
        return phaseClock().totals();
    }

    @Override
    default int phaseThreads() {
        return phaseClock().workers();
    }
}
