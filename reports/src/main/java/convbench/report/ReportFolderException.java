package convbench.report;

import java.io.IOException;

/**
 * A report folder that may not be written: replacing it would destroy files convbench did not
 * write. The message names the folder and says why; the command line exits with code 2.
 */
public class ReportFolderException extends IOException {
    public ReportFolderException(String message) {
        super(message);
    }
}
