from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("shop", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunSQL("CREATE INDEX CONCURRENTLY i ON shop_item (id)", "DROP INDEX i"),
    ]
