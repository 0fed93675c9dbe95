"""factory_boy factories for the screening models."""
import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User

from screening.models import Application, Candidate, Competency, CompetencyProfile, Job
from screening.permissions import HIRING_ADMINS, RECRUITERS


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


def recruiter(**kwargs):
    user = UserFactory.create(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=RECRUITERS)[0])
    return user


def hiring_admin(**kwargs):
    user = UserFactory.create(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=HIRING_ADMINS)[0])
    return user


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyProfile

    name = factory.Sequence(lambda n: f"Profile {n}")
    slug = factory.Sequence(lambda n: f"profile-{n}")


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    profile = factory.SubFactory(ProfileFactory)
    key = factory.Sequence(lambda n: f"competency-{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    weight = 1.0
    synonyms = factory.LazyAttribute(lambda o: [o.name.lower()])


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    title = factory.Sequence(lambda n: f"Job {n}")
    slug = factory.Sequence(lambda n: f"job-{n}")
    profile = factory.SubFactory(ProfileFactory)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    job = factory.SubFactory(JobFactory)


def status_token(application: Application) -> str:
    """A working status link for the application (only its hash is stored, so tests mint their own)."""
    from screening.services.identity import status_link_issue

    return status_link_issue(application=application)


def status_link_count(application: Application, *, live: bool = True) -> int:
    links = application.status_links.all()
    return links.filter(revoked_at__isnull=True).count() if live else links.count()
