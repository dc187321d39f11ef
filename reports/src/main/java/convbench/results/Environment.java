package convbench.results;

import java.util.List;

/**
 * Where a result was obtained. Every field may be null in a file from another machine or an
 * older version; readers must cope.
 */
@ResultRecord
public record Environment(
        String label,            // a short name for the machine, e.g. the host name; shown in comparisons
        String cpuModel,
        Integer cores,
        Long memoryBytes,
        String os,
        String jvmVendor,
        String jvmVersion,
        List<String> jvmFlags,
        String vectorApi,        // e.g. "active: 16 float lanes" or "not available"
        List<OpenClDevice> openclDevices,
        String projectVersion,
        String gitCommit,
        String timestamp) {

    @ResultRecord
    public record OpenClDevice(String platform, String device, String type, String driver, String openclVersion) {
    }
}
