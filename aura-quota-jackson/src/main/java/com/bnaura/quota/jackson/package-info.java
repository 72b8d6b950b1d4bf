/**
 * Jackson support for the value types of {@code com.bnaura.quota.model}: register
 * {@link com.bnaura.quota.jackson.QuotaJacksonModule} with a Jackson 3 {@code JsonMapper} to write
 * results without hand-written maps.
 */
package com.bnaura.quota.jackson;
