package org.servicestar.engine;

import java.util.List;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A deployment that would break what the app relies on, refused before anything is stored. A
 * {@link BadUserRequestException}: {@code /engine-rest} (Modeler) answers 400 with Camunda's
 * {@code {type, message}}, the message listing every problem in Chinese.
 */
public class DeploymentRefused extends BadUserRequestException {

  private final transient List<DiagramContract.Problem> problems;

  public DeploymentRefused(String deploymentName, List<DiagramContract.Problem> problems) {
    super(message(deploymentName, problems));
    this.problems = List.copyOf(problems);
  }

  public List<DiagramContract.Problem> problems() {
    return problems;
  }

  static String message(String deploymentName, List<DiagramContract.Problem> problems) {
    StringBuilder text = new StringBuilder("部署被拒绝，未做任何更改：")
        .append(deploymentName == null || deploymentName.isBlank() ? "本次部署" : "部署「" + deploymentName + "」")
        .append("会破坏系统依赖的流程约定，共 ").append(problems.size()).append(" 个问题：");
    for (int i = 0; i < problems.size(); i++) {
      text.append("\n").append(i + 1).append(". ").append(problems.get(i));
    }
    return text.toString();
  }
}
