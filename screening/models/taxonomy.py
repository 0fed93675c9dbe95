"""The skill taxonomy as admins edit it (loaded from screening/nlp/data/skills.jsonl by load_defaults)."""
from django.db import models

# The categories of the packaged taxonomy (screening/nlp/data/README.md).
SKILL_CATEGORIES = (
    "programming_language", "ml_technique", "ml_framework", "mlops", "data_tool", "math_stats", "big_data",
    "database", "cloud", "devops", "web", "mobile", "testing", "security", "networking", "os_platform",
    "erp_crm", "office_tools", "design", "business", "legal", "healthcare", "engineering", "methodology",
    "soft_skill", "education_teaching", "other",
)


class Skill(models.Model):
    id = models.SlugField(max_length=80, primary_key=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=40, db_index=True, choices=[(c, c.replace("_", " ")) for c in SKILL_CATEGORIES])
    aliases = models.JSONField(default=list, blank=True)
    ambiguous = models.BooleanField(default=False, help_text="Counts only in a skill context (R, Go, Spark…).")
    case_sensitive = models.BooleanField(default=False)
    broader = models.JSONField(default=list, blank=True)
    everyday = models.JSONField(
        default=list, blank=True, help_text="Forms that are also ordinary words: they count only in a skill context."
    )
    other_senses = models.JSONField(
        default=list, blank=True,
        help_text="Phrases that, on the same line, show the name means something else (\"failover\" for clustering).",
    )

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyState(models.Model):
    """How many times admins have changed the taxonomy; 0 means it is still the packaged data file.

    Workers read the revision before each resume and, when it changed, write the database's
    taxonomy to a local file and build a pipeline from it (screening.services.taxonomy).
    """

    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"taxonomy revision {self.revision}"

    @classmethod
    def current_revision(cls) -> int:
        return cls.objects.filter(pk=1).values_list("revision", flat=True).first() or 0
