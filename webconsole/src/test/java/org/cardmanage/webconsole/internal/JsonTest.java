package org.cardmanage.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedMapsListsAndScalars() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "Sim Reader 0");
        value.put("count", 2);
        value.put("ms", 1234L);
        value.put("ok", true);
        value.put("none", null);
        value.put("items", List.of("a", 1));

        assertThat(Json.write(value))
                .isEqualTo("{\"name\":\"Sim Reader 0\",\"count\":2,\"ms\":1234,\"ok\":true,\"none\":null,"
                        + "\"items\":[\"a\",1]}");
    }

    @Test
    void escapesQuotesControlCharactersAndMarkup() {
        assertThat(Json.write("a\"b\\c\nd\u0001</script>&"))
                .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u003c/script\\u003e\\u0026\"");
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertThat(Json.write(Arrays.asList(Double.NaN, 1.5))).isEqualTo("[null,1.5]");
    }
}
