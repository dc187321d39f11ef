package convbench.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Properties;
import java.util.ResourceBundle;

/**
 * A command's own wording of options it mixes in ({@link PointSelectionOptions},
 * {@link MeasurementOptions}, {@link DeviceOption}), whose annotations carry bench's. picocli looks
 * an option's description up in the command's resource bundle ({@code @Command(resourceBundle =
 * "convbench.cli.AbCommand$Texts")}) under the option's name without its dashes ({@code suite} for
 * {@code --suite}, {@code max-forks} for {@code --max-forks}) and falls back to the annotation's.
 *
 * <p>A subclass is public with a public no-argument constructor ({@link ResourceBundle#getBundle}
 * makes it) and hands its texts in {@link Properties} format, one {@code name = description} a
 * line (a text block line ending in a backslash continues on the next); {@code %%} and
 * {@code ${DEFAULT-VALUE}} work as in an annotation.
 */
public abstract class OptionTexts extends ResourceBundle {
    private final Properties texts = new Properties();

    protected OptionTexts(String properties) {
        try {
            texts.load(new StringReader(properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    @Override
    protected Object handleGetObject(String key) {
        return texts.getProperty(key);
    }

    @Override
    public Enumeration<String> getKeys() {
        return Collections.enumeration(texts.stringPropertyNames());
    }
}
