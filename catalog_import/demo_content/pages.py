"""The demo shop's content pages, in Thai and English, as HTML flatpages (the Django shop shows the
HTML, the API serves it as Editor.js). Staff change them in the dashboard's "Pages"; the command never
overwrites a page that exists."""
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPage:
    slug: str
    title_th: str
    title_en: str
    content_th: str
    content_en: str


DEMO_PAGES = (
    DemoPage(
        "about", "เกี่ยวกับเรา", "About us",
        """<p>ตลาดโอทอปรวบรวมสินค้าหนึ่งตำบลหนึ่งผลิตภัณฑ์ที่ผ่านการคัดสรรระดับดาวจากโครงการของจังหวัด
ทั้งอาหาร เครื่องดื่ม ผ้าและเครื่องแต่งกาย ของใช้ของตกแต่ง และสมุนไพรที่ไม่ใช่อาหาร
ส่งตรงจากกลุ่มผู้ผลิตชุมชนและวิสาหกิจชุมชนทั่วประเทศ</p>
<h2>ดาวและมาตรฐานบอกอะไร</h2>
<ul><li>ระดับดาว 1–5 คือผลการคัดสรรในปีนั้น ห้าดาวคือสินค้าที่มีคุณภาพส่งออกได้</li>
<li>มผช. อย. ฮาลาล และ GI คือมาตรฐานที่สินค้าได้รับ พร้อมเลขที่ใบรับรองและวันหมดอายุ</li></ul>
<p>ผู้ผลิตดูแลรายการสินค้าของตนเอง ส่วนเจ้าหน้าที่โครงการตรวจสอบการรับรองก่อนขึ้นขาย</p>""",
        """<p>The OTOP marketplace brings together One Tambon One Product goods that provincial programmes
have selected and rated with stars: food, beverages, textiles and apparel, household goods and
decoration, and non-food herbal products, straight from community producers across Thailand.</p>
<h2>What the stars and standards mean</h2>
<ul><li>A star level from 1 to 5 is the result of that year's selection; five stars means export quality.</li>
<li>มผช. (Thai Community Product Standard), อย. (Thai FDA), Halal and GI are the standards a product holds,
shown with their certificate numbers and validity.</li></ul>
<p>Producers keep their own listings up to date; programme officers check each certification before a
product goes on sale.</p>"""),
    DemoPage(
        "shipping", "การจัดส่ง", "Shipping",
        """<p>สินค้าส่งจากผู้ผลิตโดยตรง ภายใน 1–3 วันทำการหลังชำระเงิน</p>
<h2>ในประเทศ</h2>
<p>ส่งทั่วประเทศไทย ค่าส่งคำนวณตามน้ำหนักรวมบรรจุภัณฑ์และแสดงก่อนชำระเงิน</p>
<h2>ต่างประเทศ</h2>
<p>ร้านค้าสกุลเงินดอลลาร์สหรัฐส่งไปยังประเทศที่ระบุในขั้นตอนสั่งซื้อ สินค้าบางชนิด เช่น อาหารสดหรือของเหลว
ส่งได้เฉพาะในประเทศ ซึ่งหน้าสินค้าจะแจ้งไว้ ภาษีและอากรขาเข้าเป็นของผู้รับ</p>""",
        """<p>Goods are sent by their producers, within 1–3 working days of payment.</p>
<h2>Within Thailand</h2>
<p>We deliver across Thailand. The shipping price follows the gross weight of the packed goods and is shown
before you pay.</p>
<h2>Abroad</h2>
<p>The US-dollar shop ships to the countries offered at checkout. Some goods, such as fresh food or liquids,
ship within Thailand only; their product page says so. Import duties and taxes are paid by the recipient.</p>"""),
    DemoPage(
        "returns", "การคืนสินค้า", "Returns",
        """<p>หากสินค้าเสียหายระหว่างขนส่งหรือไม่ตรงกับที่สั่ง แจ้งเราภายใน 7 วันหลังได้รับสินค้า
พร้อมรูปถ่ายสินค้าและกล่อง เราจะส่งสินค้าใหม่หรือคืนเงินเต็มจำนวน</p>
<ul><li>อาหาร เครื่องดื่ม และสมุนไพรที่เปิดแล้วคืนไม่ได้ เว้นแต่ชำรุด</li>
<li>เงินคืนเข้าบัตรหรือบัญชีที่ใช้ชำระ ภายใน 14 วัน</li></ul>""",
        """<p>If goods arrive damaged or are not what you ordered, tell us within 7 days of receiving them, with a
photo of the goods and the parcel: we send a replacement or refund you in full.</p>
<ul><li>Opened food, beverages and herbal products cannot be returned unless faulty.</li>
<li>Refunds go back to the card or account you paid with, within 14 days.</li></ul>"""),
    DemoPage(
        "privacy", "นโยบายความเป็นส่วนตัว", "Privacy policy",
        """<p>เราเก็บข้อมูลส่วนบุคคลเท่าที่จำเป็นต่อการสั่งซื้อและจัดส่ง ได้แก่ ชื่อ ที่อยู่ อีเมล และหมายเลขโทรศัพท์
ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562</p>
<ul><li>ข้อมูลบัตรชำระเงินไปที่ผู้ให้บริการชำระเงินโดยตรง ไม่ผ่านเซิร์ฟเวอร์ของเรา</li>
<li>ผู้ผลิตเห็นเฉพาะข้อมูลที่จำเป็นต่อการจัดส่งคำสั่งซื้อของตน</li>
<li>ท่านขอดู แก้ไข หรือลบข้อมูลของท่านได้ทุกเมื่อผ่านหน้าติดต่อเรา</li></ul>""",
        """<p>We keep only the personal data an order and its delivery need: name, address, e-mail and phone number,
under Thailand's Personal Data Protection Act B.E. 2562 (2019).</p>
<ul><li>Card details go straight to the payment provider, never through our servers.</li>
<li>A producer sees only what it needs to send its own orders.</li>
<li>You may ask to see, correct or delete your data at any time through our contact page.</li></ul>"""),
    DemoPage(
        "terms", "ข้อกำหนดการใช้บริการ", "Terms of service",
        """<p>ราคาแสดงเป็นบาทในร้านค้าในประเทศ และเป็นดอลลาร์สหรัฐในร้านค้าต่างประเทศ รวมภาษีมูลค่าเพิ่มแล้ว</p>
<p>สัญญาซื้อขายเกิดขึ้นเมื่อชำระเงินสำเร็จ ผู้ขายคือกลุ่มผู้ผลิตที่ระบุบนหน้าสินค้า
ตลาดโอทอปเป็นผู้ให้บริการพื้นที่ขายและรับชำระเงินแทน</p>
<p>ผู้ซื้อเพื่อการค้าขอใบเสนอราคาสำหรับจำนวนมากได้จากหน้าสินค้า</p>""",
        """<p>Prices are in baht in the domestic shop and in US dollars in the international shop, VAT included.</p>
<p>A sale is made when payment succeeds. The seller is the producer named on the product page; the OTOP
marketplace provides the shop and collects payment on its behalf.</p>
<p>Trade buyers can ask for a quote on larger quantities from any product page.</p>"""),
    DemoPage(
        "contact", "ติดต่อเรา", "Contact us",
        """<p>สอบถามเรื่องคำสั่งซื้อ การจัดส่ง หรือการคืนสินค้า</p>
<ul><li>อีเมล <a href="mailto:help@demo.otop.test">help@demo.otop.test</a></li>
<li>โทร 0 2000 0000 (จันทร์–ศุกร์ 9:00–17:00 น.)</li></ul>
<p>ผู้ผลิตที่ต้องการขายสินค้า ติดต่อสำนักงานพัฒนาชุมชนจังหวัดของท่าน</p>""",
        """<p>Questions about an order, delivery or a return:</p>
<ul><li>E-mail <a href="mailto:help@demo.otop.test">help@demo.otop.test</a></li>
<li>Phone +66 2 000 0000 (Monday to Friday, 9:00–17:00 Bangkok time)</li></ul>
<p>Producers who would like to sell here: please contact your provincial community development office.</p>"""),
)
