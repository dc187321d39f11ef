package convbench.results;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How Jackson writes and reads a record of the result files: fields that are null are left out,
 * and fields this version does not know are ignored (a file from a newer version still reads).
 * The same as {@code @JsonInclude(NON_NULL)} with {@code @JsonIgnoreProperties(ignoreUnknown = true)}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@JacksonAnnotationsInside
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@interface ResultRecord {
}
