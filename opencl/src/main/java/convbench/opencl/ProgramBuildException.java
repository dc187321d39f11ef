package convbench.opencl;

/**
 * A kernel file that did not compile. The message names the file, the device and the options
 * (the -D defines) and carries the full build log; nothing reads them back, so they are not kept
 * apart.
 */
public class ProgramBuildException extends OpenClException {
    private static final long serialVersionUID = 1L;

    public ProgramBuildException(String kernelFile, String options, String device, String buildLog, Throwable cause) {
        super("clBuildProgram(" + kernelFile + ") failed on " + device + " with options '" + options
                + "'; build log:\n" + buildLog, cause);
    }
}
