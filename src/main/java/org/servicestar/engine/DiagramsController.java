package org.servicestar.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.batch.Batch;
import org.servicestar.engine.DiagramVersions.Kind;
import org.servicestar.engine.DiagramVersions.Version;
import org.servicestar.security.Access;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/diagrams}: every process and decision with its versions (who, when, through which
 * door, what runs on each), the changes against the previous version, the files of a version, an
 * upload, a rollback, and the migration of running instances (checked first, then a batch). Every
 * action is audited by the services. {@code /admin/**} is the administrators' in SecurityConfig too.
 */
@Controller
@PreAuthorize(Access.ADMINISTER)
@RequestMapping("/admin/diagrams")
class DiagramsController {

  private final DiagramVersions versions;
  private final DiagramMigrations migrations;
  private final ObjectProvider<AdminAttention> attention;

  DiagramsController(DiagramVersions versions, DiagramMigrations migrations, ObjectProvider<AdminAttention> attention) {
    this.versions = versions;
    this.migrations = migrations;
    this.attention = attention;
  }

  @GetMapping
  String index(Model model) {
    model.addAttribute("keys", versions.keys());
    // e.g. complaints whose process did not start under the deployed diagram, with the reason
    model.addAttribute("notices", AdminAttention.all(attention));
    return "admin/diagrams/index";
  }

  @PostMapping("/upload")
  String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files, RedirectAttributes redirect) {
    try {
      List<DiagramVersions.Upload> uploads = new ArrayList<>();
      for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
        uploads.add(new DiagramVersions.Upload(file.getOriginalFilename(), file.getBytes()));
      }
      DiagramVersions.Deployed deployed = versions.upload(uploads);
      redirect.addFlashAttribute("message", deployed.created()
          ? "已部署（部署 " + deployed.deploymentId() + "）：" + (deployed.versions().isEmpty() ? "只含表单，没有流程或决策"
          : String.join("、", deployed.versions())) + "。新版本只用于新发起的流程；运行中的实例可在流程页面迁移。"
          : "文件与上次上传的内容相同，没有产生新版本。");
    } catch (DiagramActionRefused e) {
      redirect.addFlashAttribute("error", "未部署。" + e.getMessage());
    } catch (DiagramVersions.DeploymentRefused e) {
      redirect.addFlashAttribute("error", "部署被拒绝，未作任何更改。" + e.getMessage());
    } catch (IOException e) {
      redirect.addFlashAttribute("error", "未部署：无法读取上传的文件。");
    }
    return "redirect:/admin/diagrams";
  }

  @GetMapping("/processes/{key}")
  String process(@PathVariable String key, Model model) {
    return key(Kind.PROCESS, key, model);
  }

  @GetMapping("/decisions/{key}")
  String decision(@PathVariable String key, Model model) {
    return key(Kind.DECISION, key, model);
  }

  private String key(Kind kind, String key, Model model) {
    List<Version> list = versions.versions(kind, key);
    if (list.isEmpty()) {
      throw notFound(kind, key);
    }
    model.addAttribute("kind", kind);
    model.addAttribute("key", key);
    model.addAttribute("versions", list);
    model.addAttribute("latest", list.get(0));
    model.addAttribute("withInstances", list.stream().filter(v -> v.running() > 0).toList());
    return "admin/diagrams/key";
  }

  @GetMapping("/processes/{key}/versions/{version}/diff")
  String processDiff(@PathVariable String key, @PathVariable int version, Model model) {
    return diff(Kind.PROCESS, key, version, model);
  }

  @GetMapping("/decisions/{key}/versions/{version}/diff")
  String decisionDiff(@PathVariable String key, @PathVariable int version, Model model) {
    return diff(Kind.DECISION, key, version, model);
  }

  private String diff(Kind kind, String key, int number, Model model) {
    Version version = find(kind, key, number);
    Optional<Version> previous = versions.previous(version);
    model.addAttribute("kind", kind);
    model.addAttribute("key", key);
    model.addAttribute("version", version);
    model.addAttribute("previous", previous.orElse(null));
    if (previous.isPresent()) {
      model.addAttribute("diff", DiagramDiff.compare(versions.files(previous.get().deploymentId()), previous.get().resourceName(),
          versions.files(version.deploymentId()), version.resourceName()));
    }
    return "admin/diagrams/diff";
  }

  @PostMapping("/processes/{key}/versions/{version}/rollback")
  String processRollback(@PathVariable String key, @PathVariable int version, RedirectAttributes redirect) {
    return rollback(Kind.PROCESS, key, version, redirect);
  }

  @PostMapping("/decisions/{key}/versions/{version}/rollback")
  String decisionRollback(@PathVariable String key, @PathVariable int version, RedirectAttributes redirect) {
    return rollback(Kind.DECISION, key, version, redirect);
  }

  private String rollback(Kind kind, String key, int number, RedirectAttributes redirect) {
    Version chosen = find(kind, key, number);
    try {
      DiagramVersions.Deployed deployed = versions.rollback(chosen);
      redirect.addFlashAttribute("message", "已回滚：版本 " + number + " 的文件已重新部署为 " + String.join("、", deployed.versions())
          + "。新发起的流程使用它；运行中的实例仍在原版本，需要时请迁移。");
    } catch (DiagramActionRefused e) {
      redirect.addFlashAttribute("error", "未回滚。" + e.getMessage());
    } catch (DiagramVersions.DeploymentRefused e) {
      redirect.addFlashAttribute("error", "回滚被拒绝，未作任何更改。" + e.getMessage());
    }
    return "redirect:/admin/diagrams/" + kind.path() + "/" + key;
  }

  @GetMapping("/deployments/{deploymentId}.zip")
  ResponseEntity<byte[]> zip(@PathVariable String deploymentId) {
    var deployment = versions.deployment(deploymentId)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个部署"));
    String name = (deployment.getName() == null || deployment.getName().isBlank() ? "deployment" : deployment.getName())
        .replaceAll(".*/", "").replaceAll("\\.(bpmn|dmn)$", "") + "-" + deploymentId + ".zip";
    return download(name, "application/zip", versions.zip(deploymentId));
  }

  @GetMapping("/deployments/{deploymentId}/files/{resourceId}")
  ResponseEntity<byte[]> file(@PathVariable String deploymentId, @PathVariable String resourceId) {
    Map.Entry<String, byte[]> file = versions.file(deploymentId, resourceId)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个文件"));
    String name = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
    return download(name, "application/octet-stream", file.getValue());
  }

  private static ResponseEntity<byte[]> download(String fileName, String type, byte[] bytes) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
        .contentType(MediaType.parseMediaType(type))
        .body(bytes);
  }

  @GetMapping("/processes/{key}/migration")
  String migrationCheck(@PathVariable String key, @RequestParam int from, @RequestParam(required = false) Integer to, Model model) {
    Version source = find(Kind.PROCESS, key, from);
    Version target = to == null ? versions.versions(Kind.PROCESS, key).get(0) : find(Kind.PROCESS, key, to);
    model.addAttribute("key", key);
    model.addAttribute("source", source);
    model.addAttribute("target", target);
    model.addAttribute("versions", versions.versions(Kind.PROCESS, key));
    try {
      model.addAttribute("check", migrations.check(source, target));
    } catch (DiagramActionRefused e) {
      model.addAttribute("error", e.getMessage());
    }
    model.addAttribute("maxInstances", DiagramMigrations.MAX_INSTANCES);
    return "admin/diagrams/migration";
  }

  @PostMapping("/processes/{key}/migration")
  String migrate(@PathVariable String key, @RequestParam int from, @RequestParam int to, RedirectAttributes redirect) {
    Version source = find(Kind.PROCESS, key, from);
    Version target = find(Kind.PROCESS, key, to);
    try {
      Optional<Batch> batch = migrations.migrate(source, target);
      if (batch.isPresent()) {
        return "redirect:/admin/diagrams/processes/" + key + "/migrations/" + batch.get().getId();
      }
      redirect.addFlashAttribute("error", "没有可迁移的实例：请先查看检查结果。");
    } catch (DiagramActionRefused e) {
      redirect.addFlashAttribute("error", "未迁移。" + e.getMessage());
    }
    return "redirect:/admin/diagrams/processes/" + key + "/migration?from=" + from + "&to=" + to;
  }

  @GetMapping("/processes/{key}/migrations/{batchId}")
  String batch(@PathVariable String key, @PathVariable String batchId, Model model) {
    DiagramMigrations.Progress progress = migrations.progress(batchId)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个迁移批次"));
    model.addAttribute("key", key);
    model.addAttribute("progress", progress);
    model.addAttribute("versions", versions.versions(Kind.PROCESS, key));
    return "admin/diagrams/batch";
  }

  @GetMapping(value = "/processes/{key}/migrations/{batchId}.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  DiagramMigrations.Progress batchJson(@PathVariable String key, @PathVariable String batchId) {
    return migrations.progress(batchId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "没有这个迁移批次"));
  }

  private Version find(Kind kind, String key, int number) {
    return versions.version(kind, key, number).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
        "没有" + kind.label() + " " + key + " 的版本 " + number));
  }

  private static ResponseStatusException notFound(Kind kind, String key) {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "没有" + kind.label() + " " + key);
  }
}
