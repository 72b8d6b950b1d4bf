package com.bnaura.quota.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class RepeatCustomersTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final RepeatCustomers customers = new RepeatCustomers(3, 4, Duration.ofHours(1), clock);
  private final SplittableRandom random = new SplittableRandom(42);

  @Test
  void choose_nothingRemembered_namesTheNewCustomerOnTheDrawnClinic() {
    assertThat(customers.choose(1, "new", 1.0, random))
        .isEqualTo(new RepeatCustomers.Choice(1, "new", false));
  }

  @Test
  void choose_shareZero_neverRepeats() {
    customers.remember(0, "seen");

    assertThat(IntStream.range(0, 100).mapToObj(i -> customers.choose(0, "new", 0, random)))
        .allSatisfy(c -> assertThat(c.repeat()).isFalse());
  }

  @Test
  void choose_repeatsAboutTheShareOfScans() {
    customers.remember(1, "seen");

    long repeats = IntStream.range(0, 10_000)
        .filter(i -> customers.choose(1, "new", RepeatCustomers.REPEAT_SHARE, random).repeat())
        .count();

    assertThat(repeats).isBetween(1_800L, 2_200L);
  }

  @Test
  void choose_drawnClinicWithCustomers_repeatsOneOfItsOwn() {
    customers.remember(0, "of-clinic-0");
    customers.remember(1, "of-clinic-1");

    assertThat(IntStream.range(0, 200).mapToObj(i -> customers.choose(0, "new", 1.0, random)))
        .containsOnly(new RepeatCustomers.Choice(0, "of-clinic-0", true));
  }

  @Test
  void choose_drawnClinicWithoutCustomers_sendsTheRepeatToTheClinicTheCustomerVisited() {
    customers.remember(2, "of-clinic-2");

    assertThat(customers.choose(0, "new", 1.0, random))
        .isEqualTo(new RepeatCustomers.Choice(2, "of-clinic-2", true));
  }

  @Test
  void choose_customerSeenMoreThanAnHourAgo_isNotRepeated() {
    customers.remember(2, "old");
    clock.advance(Duration.ofMinutes(59));
    customers.remember(2, "recent");
    clock.advance(Duration.ofMinutes(1).plusSeconds(1));

    assertThat(IntStream.range(0, 200).mapToObj(i -> customers.choose(2, "new", 1.0, random)
        .customer())).containsOnly("recent");

    clock.advance(Duration.ofMinutes(59));

    assertThat(customers.choose(2, "new", 1.0, random))
        .isEqualTo(new RepeatCustomers.Choice(2, "new", false));
  }

  @Test
  void remember_keepsTheLastSlotsCustomersAndPicksAmongThem() {
    for (String c : new String[] {"a", "b", "c", "d", "e", "f"}) {
      customers.remember(0, c);
    }

    assertThat(IntStream.range(0, 2_000).mapToObj(i -> customers.choose(0, "new", 1.0, random)
        .customer())).containsOnly("c", "d", "e", "f").contains("c", "d", "e", "f");
  }

  @Test
  void choose_clinicOutsideTheSet_fails() {
    assertThatThrownBy(() -> customers.choose(3, "new", 1.0, random))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
