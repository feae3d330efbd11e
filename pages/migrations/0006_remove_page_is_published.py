from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_publish_content_and_editors")]

    operations = [migrations.RemoveField(model_name="page", name="is_published")]
