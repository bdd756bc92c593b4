"""Write the renditions of initiatives' images that are missing: after restoring the media
folder, after changing the rendition sizes (``--force`` writes them all again), or for images
stored before uploads were cleaned (those are cleaned and renamed first)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from directory.images.processing import validate_and_clean_image
from directory.images.renditions import ensure_renditions, renditions
from directory.models import Initiative


class Command(BaseCommand):
    help = "Écrit les déclinaisons (vignette, grande image, WebP) manquantes des images."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Réécrire toutes les déclinaisons."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        written = cleaned = 0
        for initiative in Initiative.objects.exclude(image="").only("pk", "slug", "image"):
            image = initiative.image
            if renditions(image.name, image.storage) is None:
                if not self._clean(initiative):
                    continue
                cleaned += 1
            try:
                written += ensure_renditions(image.name, image.storage, force=force)
            except OSError as error:
                self.stderr.write(f"{initiative.slug} : {image.name} illisible ({error}).")
        self.stdout.write(f"{cleaned} image(s) nettoyée(s), {written} déclinaison(s) écrite(s).")

    def _clean(self, initiative: Initiative) -> bool:
        """Re-encode an image stored as it was sent; keep the old file (history may need it)."""
        image = initiative.image
        try:
            with image.storage.open(image.name, "rb") as original:
                clean = validate_and_clean_image(ContentFile(original.read()))
        except OSError as error:
            self.stderr.write(f"{initiative.slug} : {image.name} illisible ({error}).")
            return False
        except ValidationError as error:
            self.stderr.write(f"{initiative.slug} : {image.name} ignorée. {' '.join(error)}")
            return False
        image.save(clean.name, clean, save=False)
        # Not save(): the entry's content and "mis à jour le" do not change.
        Initiative.objects.filter(pk=initiative.pk).update(image=image.name)
        return True
