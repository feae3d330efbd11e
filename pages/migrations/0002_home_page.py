from django.db import migrations

# The practice's home page text, word for word as the practice supplied it.
HOME_BODY = """\
<blockquote><p>"The parent-child connection is the most powerful mental health \
intervention known to mankind."</p><p><cite>Bessel van der Kolk</cite></p></blockquote>
<p>As parents and caregivers, we are responsible for promoting relational, social, and \
emotional well-being in our children. A strong foundation of these capacities ensures the \
best possible trajectory for all future development. Cognitive learning, physical skills, \
relationships with peers, will not be nearly as successful for children without a strong \
social and emotional foundation established within their relationship with caregivers.</p>
<p>In a therapeutic relationship through an IECMH lens, the caregiver learns to \
co-regulate, build connection, and better understand their child's social and emotional \
needs. Sequentially, children feel more confident to feel and manage the full spectrum of \
emotions, explore their environments, understand and create boundaries, and will learn to \
self-regulate. By supporting the relationship, not solely the individual, we are creating \
an environment which allows everyone to feel confident and safe, and establishes a \
foundation for all aspects of future development.</p>
<p>The infant and early childhood mental health perspective within the therapeutic \
relationship observes, considers and respects the full family system. IECMH means working \
within the relationship, not just the individual. It means caring for the caregiver, so \
the caregiver can provide a loving, supportive environment for their child(ren), and in \
turn, establish the strongest foundation for lifelong healthy development.</p>
<h2>What are social and emotional competencies and why are they important?</h2>
<p>Humans naturally seek connection and relationship first and foremost. Babies are born \
seeking, and needing, connection with a caregiver. This relationship is the only means for \
babies to learn about their emotions and what they mean, and eventually have the ability \
to navigate through those emotions to interact with others and become social beings.</p>
<p>Emotional and social competencies include:</p>
<ul>
<li>Trust</li>
<li>Confidence</li>
<li>Curiosity</li>
<li>Self-regulation</li>
<li>Developing adult and peer relationships</li>
<li>Persistence</li>
<li>Cooperation</li>
<li>Decision making</li>
</ul>
<p><a href="/contact/">Contact Us</a></p>
"""


def create_home_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Page.objects.update_or_create(
        slug="home",
        defaults={
            "title": "What is Infant and Early Childhood Mental Health?",
            "body": HOME_BODY,
            "is_published": True,
            "show_in_navigation": True,
            "navigation_label": "Home",
            "navigation_order": 0,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, migrations.RunPython.noop)]
