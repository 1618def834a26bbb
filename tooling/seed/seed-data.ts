/*
 * Word lists for the demo catalog. Each category brings its own materials and nouns so that names read
 * like a real shop's ("Rustic Oak Serving Board"), and its own price band in whole dollars.
 * Changing any list changes the seeded catalog; the seed tests only pin that one run equals the next.
 */

export interface CategorySeed {
  slug: string;
  name: string;
  description: string;
  materials: readonly string[];
  nouns: readonly string[];
  /** Price band in dollars; prices are drawn log-uniformly inside it. */
  price: readonly [min: number, max: number];
}

// prettier-ignore
export const CATEGORIES: readonly CategorySeed[] = [
  {
    slug: 'kitchen', name: 'Kitchen & Dining', price: [6, 320],
    description: 'Cookware, tableware and tools for everyday cooking.',
    materials: ['Oak', 'Walnut', 'Cast Iron', 'Stoneware', 'Copper', 'Stainless Steel', 'Bamboo'],
    nouns: [
      'Serving Board', "Chef's Knife", 'Dutch Oven', 'Salad Bowl', 'Pour-Over Kettle', 'Spice Rack',
      'Skillet', 'Dinner Plate Set',
    ],
  },
  {
    slug: 'audio', name: 'Audio', price: [19, 999],
    description: 'Headphones, speakers and turntables.',
    materials: ['Aluminum', 'Walnut', 'Graphite', 'Matte Black', 'Brushed Steel', 'Fabric'],
    nouns: [
      'Headphones', 'Bookshelf Speaker', 'Earbuds', 'Turntable', 'Soundbar', 'Headphone Stand',
      'Portable Speaker', 'DAC Amplifier',
    ],
  },
  {
    slug: 'home-decor', name: 'Home Decor', price: [8, 260],
    description: 'Vases, frames, mirrors and other finishing touches.',
    materials: ['Ceramic', 'Brass', 'Linen', 'Rattan', 'Marble', 'Glass', 'Terracotta'],
    nouns: [
      'Vase', 'Picture Frame', 'Wall Mirror', 'Candle Holder', 'Throw Pillow', 'Planter', 'Wall Clock',
      'Tray',
    ],
  },
  {
    slug: 'furniture', name: 'Furniture', price: [49, 999],
    description: 'Tables, chairs and storage built to last.',
    materials: ['Oak', 'Walnut', 'Teak', 'Steel', 'Velvet', 'Birch', 'Leather'],
    nouns: [
      'Side Table', 'Armchair', 'Bookcase', 'Dining Chair', 'Coffee Table', 'Bench', 'Desk', 'Nightstand',
    ],
  },
  {
    slug: 'lighting', name: 'Lighting', price: [12, 480],
    description: 'Lamps and fixtures for every room.',
    materials: ['Brass', 'Opal Glass', 'Linen', 'Concrete', 'Paper', 'Black Steel'],
    nouns: [
      'Table Lamp', 'Floor Lamp', 'Pendant Light', 'Wall Sconce', 'Desk Lamp', 'String Lights', 'Lantern',
      'Reading Light',
    ],
  },
  {
    slug: 'bed-bath', name: 'Bed & Bath', price: [9, 280],
    description: 'Sheets, towels and bathroom comforts.',
    materials: ['Cotton', 'Linen', 'Waffle Knit', 'Bamboo', 'Percale', 'Turkish Cotton'],
    nouns: [
      'Duvet Cover', 'Bath Towel Set', 'Pillowcase Pair', 'Bath Mat', 'Throw Blanket', 'Robe',
      'Fitted Sheet', 'Shower Curtain',
    ],
  },
  {
    slug: 'garden', name: 'Garden', price: [5, 420],
    description: 'Planters, tools and outdoor living.',
    materials: ['Galvanized', 'Cedar', 'Terracotta', 'Ash', 'Recycled Plastic', 'Wrought Iron'],
    nouns: [
      'Watering Can', 'Raised Bed', 'Pruning Shears', 'Hose Reel', 'Bird Feeder', 'Trowel', 'Potting Bench',
      'Plant Stand',
    ],
  },
  {
    slug: 'outdoor', name: 'Outdoor & Camping', price: [9, 690],
    description: 'Gear for trails, campsites and long weekends.',
    materials: ['Ripstop', 'Titanium', 'Merino', 'Canvas', 'Aluminum', 'Down'],
    nouns: [
      'Tent', 'Sleeping Bag', 'Camp Stove', 'Headlamp', 'Daypack', 'Hammock', 'Water Bottle',
      'Trekking Poles',
    ],
  },
  {
    slug: 'fitness', name: 'Sports & Fitness', price: [7, 450],
    description: 'Equipment for training at home and away.',
    materials: ['Rubber', 'Cork', 'Neoprene', 'Steel', 'Foam', 'Nylon'],
    nouns: [
      'Yoga Mat', 'Kettlebell', 'Resistance Band Set', 'Jump Rope', 'Foam Roller', 'Dumbbell Pair',
      'Gym Bag', 'Pull-Up Bar',
    ],
  },
  {
    slug: 'clothing', name: 'Clothing', price: [12, 390],
    description: 'Everyday clothes in honest fabrics.',
    materials: ['Merino', 'Organic Cotton', 'Denim', 'Flannel', 'Linen', 'Cashmere', 'Corduroy'],
    nouns: ['Sweater', 'Overshirt', 'T-Shirt', 'Chinos', 'Rain Jacket', 'Hoodie', 'Scarf', 'Beanie'],
  },
  {
    slug: 'footwear', name: 'Footwear', price: [25, 420],
    description: 'Shoes and boots for city and trail.',
    materials: ['Suede', 'Leather', 'Canvas', 'Knit', 'Nubuck', 'Waxed Leather'],
    nouns: [
      'Sneakers', 'Chelsea Boots', 'Loafers', 'Trail Runners', 'Slippers', 'Sandals', 'Hiking Boots',
      'Derby Shoes',
    ],
  },
  {
    slug: 'bags', name: 'Bags & Luggage', price: [15, 650],
    description: 'Backpacks, totes and travel cases.',
    materials: ['Waxed Canvas', 'Leather', 'Nylon', 'Cordura', 'Recycled Polyester', 'Felt'],
    nouns: [
      'Backpack', 'Tote Bag', 'Weekender', 'Carry-On Suitcase', 'Messenger Bag', 'Wallet', 'Laptop Sleeve',
      'Crossbody Bag',
    ],
  },
  {
    slug: 'jewelry', name: 'Jewelry & Watches', price: [19, 999],
    description: 'Rings, necklaces and timepieces.',
    materials: ['Sterling Silver', 'Gold-Plated', 'Rose Gold', 'Titanium', 'Pearl', 'Ceramic'],
    nouns: [
      'Pendant Necklace', 'Stud Earrings', 'Signet Ring', 'Chain Bracelet', 'Field Watch', 'Hoop Earrings',
      'Cufflinks', 'Charm Bracelet',
    ],
  },
  {
    slug: 'beauty', name: 'Beauty & Personal Care', price: [4, 120],
    description: 'Skincare, grooming and bath essentials.',
    materials: ['Shea', 'Charcoal', 'Aloe', 'Lavender', 'Argan', 'Sandalwood'],
    nouns: [
      'Face Cream', 'Soap Bar', 'Body Lotion', 'Lip Balm', 'Shaving Kit', 'Hair Oil', 'Bath Salts',
      'Cleansing Balm',
    ],
  },
  {
    slug: 'toys', name: 'Toys & Games', price: [5, 240],
    description: 'Puzzles, games and toys for all ages.',
    materials: ['Wooden', 'Felt', 'Plush', 'Magnetic', 'Cardboard', 'Beechwood'],
    nouns: [
      'Puzzle', 'Board Game', 'Building Blocks', 'Train Set', 'Stacking Toy', 'Kite', 'Card Game',
      'Dollhouse',
    ],
  },
  {
    slug: 'office', name: 'Office & Stationery', price: [3, 260],
    description: 'Notebooks, pens and desk organisation.',
    materials: ['Leather', 'Recycled Paper', 'Brass', 'Cork', 'Felt', 'Walnut'],
    nouns: [
      'Notebook', 'Fountain Pen', 'Desk Organizer', 'Planner', 'Pen Case', 'Letter Tray', 'Monitor Stand',
      'Desk Pad',
    ],
  },
  {
    slug: 'computers', name: 'Computer Accessories', price: [9, 380],
    description: 'Keyboards, mice, hubs and stands.',
    materials: ['Aluminum', 'Matte Black', 'PBT', 'Walnut', 'Silicone', 'Graphite'],
    nouns: [
      'Mechanical Keyboard', 'Wireless Mouse', 'USB-C Hub', 'Laptop Stand', 'Webcam', 'Mouse Pad',
      'Docking Station', 'Cable Organizer',
    ],
  },
  {
    slug: 'phones', name: 'Phone Accessories', price: [4, 160],
    description: 'Cases, chargers and mounts.',
    materials: ['Silicone', 'Leather', 'Clear', 'Aramid', 'Braided', 'Recycled Plastic'],
    nouns: [
      'Phone Case', 'Wireless Charger', 'Charging Cable', 'Car Mount', 'Power Bank', 'Screen Protector',
      'Phone Grip', 'Travel Adapter',
    ],
  },
  {
    slug: 'pets', name: 'Pet Supplies', price: [4, 320],
    description: 'Beds, bowls and toys for cats and dogs.',
    materials: ['Ceramic', 'Rope', 'Sherpa', 'Stainless Steel', 'Canvas', 'Natural Rubber'],
    nouns: [
      'Dog Bed', 'Cat Tree', 'Food Bowl', 'Leash', 'Chew Toy', 'Scratching Post', 'Pet Carrier', 'Collar',
    ],
  },
  {
    slug: 'tools', name: 'Tools & Hardware', price: [6, 540],
    description: 'Hand tools, power tools and storage.',
    materials: ['Chrome Vanadium', 'Hardened Steel', 'Fiberglass', 'Hickory', 'Cordless', 'Carbon Steel'],
    nouns: [
      'Hammer', 'Screwdriver Set', 'Drill Driver', 'Tape Measure', 'Socket Set', 'Utility Knife', 'Tool Box',
      'Level',
    ],
  },
];

// prettier-ignore
export const ADJECTIVES = [
  'Rustic', 'Classic', 'Modern', 'Compact', 'Everyday', 'Premium', 'Essential', 'Heritage', 'Nordic',
  'Urban', 'Vintage', 'Minimal', 'Deluxe', 'Sleek', 'Handcrafted', 'Lightweight', 'Sturdy', 'Signature',
  'Coastal', 'Studio', 'Alpine', 'Artisan', 'Weekend', 'Pacific', 'Heirloom', 'Field', 'Harbor', 'Summit',
] as const;

export const DESCRIPTION_SENTENCES = [
  'The {name} is made from {material} and finished by hand.',
  'Designed for daily use, it holds up to years of wear.',
  'Its {material} construction ages beautifully and is easy to care for.',
  'A favourite in our {category} range, it pairs well with the rest of the collection.',
  'Every piece is inspected before it leaves our workshop.',
  'Clean lines and a quiet finish let it fit into almost any space.',
  'Thoughtful details make it a pleasure to use.',
  'Backed by our two-year warranty and free returns within 30 days.',
  'Sized to be practical without taking over the room.',
  'Responsibly sourced {material} keeps its footprint small.',
  'Makes a thoughtful gift and arrives in recyclable packaging.',
  'Wipe clean with a soft, damp cloth; no special care needed.',
] as const;

// prettier-ignore
export const FIRST_NAMES = [
  'Maria', 'James', 'Aisha', 'Liam', 'Sofia', 'Noah', 'Yuki', 'Mateo', 'Chloe', 'Ethan', 'Priya', 'Lucas',
  'Amara', 'Oliver', 'Ingrid', 'Diego', 'Hannah', 'Kwame', 'Elena', 'Samuel', 'Mei', 'Jonas', 'Fatima',
  'Henry', 'Zoe', 'Tomasz', 'Leila', 'Arjun', 'Grace', 'Emil',
] as const;

export const LAST_INITIALS = 'ABCDEFGHJKLMNOPRSTVWZ';

/** Review sentences by tone; a review draws from the tone of its rating. */
export const REVIEW_SENTENCES = {
  positive: [
    'Exactly as described and beautifully made.',
    'Feels much more expensive than it was.',
    'Arrived quickly and well packed.',
    'I use it every day and it still looks new.',
    'The {material} finish is gorgeous in person.',
    'Bought a second one as a gift.',
    'Great quality for the price, would recommend.',
    'Exceeded my expectations in every way.',
  ],
  neutral: [
    'Does the job, nothing more.',
    'Nice enough, though a little smaller than I expected.',
    'Good quality but delivery took longer than promised.',
    'The colour is slightly different from the photos.',
    'Solid overall, a few rough edges.',
    'Decent value, I might look elsewhere next time.',
  ],
  negative: [
    'Not what I expected from the photos.',
    'The {material} scratched within a week.',
    'Arrived damaged and the replacement took weeks.',
    'Feels flimsy for the price.',
    'Returned it; it did not fit what I needed.',
    'Stopped working properly after a month.',
  ],
} as const;
