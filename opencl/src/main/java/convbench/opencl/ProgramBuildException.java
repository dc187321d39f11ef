package convbench.opencl;

/** A kernel file that did not compile: carries the full build log and the defines used. */
public class ProgramBuildException extends OpenClException {
    private static final long serialVersionUID = 1L;
    private final String kernelFile;
    private final String options;
    private final String buildLog;

    public ProgramBuildException(String kernelFile, String options, String device, String buildLog, Throwable cause) {
        super("clBuildProgram(" + kernelFile + ") failed on " + device + " with options '" + options
                + "'; build log:\n" + buildLog, cause);
        this.kernelFile = kernelFile;
        this.options = options;
        this.buildLog = buildLog;
    }

    public String kernelFile() {
        return kernelFile;
    }

    /** The -D defines (and other options) passed to clBuildProgram. */
    public String options() {
        return options;
    }

    public String buildLog() {
        return buildLog;
    }
}
