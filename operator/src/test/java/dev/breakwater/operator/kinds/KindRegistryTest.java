package dev.breakwater.operator.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breakwater.xds.model.ApiGroup;
import dev.breakwater.xds.policies.PolicyKinds;
import dev.breakwater.xds.policy.PolicyKind;
import dev.breakwater.xds.schema.CrdSchema;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A registered kind has every part (docs/adding-a-policy-kind.md): forgetting one fails here,
 * not silently in a cluster.
 */
class KindRegistryTest {
  private static final Path REPO = Path.of("..");

  static Stream<PolicyKind<?>> kinds() {
    return PolicyKinds.all().stream();
  }

  @Test
  void everyKindHasAnOperatorSideAndNoOperatorSideLacksAKind() {
    assertThat(OperatorKinds.all().stream().map(OperatorKind::name).toList())
        .containsExactlyElementsOf(PolicyKinds.names());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theCustomResourceClassIsTheKindsOwn(PolicyKind<?> kind) {
    Class<? extends HasMetadata> resource = OperatorKinds.of(kind.name()).resourceClass();
    assertThat(HasMetadata.getKind(resource)).isEqualTo(kind.name());
    assertThat(HasMetadata.getGroup(resource)).isEqualTo(ApiGroup.GROUP);
    assertThat(HasMetadata.getVersion(resource)).isEqualTo(ApiGroup.VERSION);
    assertThat(HasMetadata.getPlural(resource)).isEqualTo(kind.plural());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theGeneratedCrdIsItsSchema(PolicyKind<?> kind) {
    assertThat(CrdSchema.load(kind.plural(), ApiGroup.GROUP, ApiGroup.VERSION).kind())
        .isEqualTo(kind.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void theReconcilerIsNamedAfterTheKind(PolicyKind<?> kind) {
    assertThat(OperatorKinds.of(kind.name()).reconciler(null, null, null).getClass()
        .getSimpleName()).isEqualTo(kind.name() + "Reconciler");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void itHasGoldensAnExampleAndInvalidCases(PolicyKind<?> kind) throws IOException {
    String declared = "kind: " + kind.name();
    assertThat(filesMentioning(REPO.resolve("envoy-xds/src/test/resources/testdata"), declared))
        .as("golden inputs with a %s", kind.name()).isNotEmpty();
    assertThat(filesMentioning(REPO.resolve("examples"), declared))
        .as("examples with a %s", kind.name()).isNotEmpty();
    assertThat(filesMentioning(REPO.resolve("e2e/src/test/resources/invalid"), declared))
        .as("invalid corpus cases of %s", kind.name()).isNotEmpty();
    assertThat(filesMentioning(REPO.resolve("e2e/src/test/java"), kind.name()))
        .as("e2e tests of %s", kind.name()).isNotEmpty();
  }

  private static List<Path> filesMentioning(Path dir, String text) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return Files.readString(f).contains(text);
        } catch (IOException e) {
          return false;
        }
      }).toList();
    }
  }
}
